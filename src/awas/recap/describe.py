"""A stored recap finding as a temuan draft, for `awas.cases` (title and description in Bahasa
Indonesia, region, election, paslon, values, snapshots, C.Hasil photos)."""

from __future__ import annotations

from awas.app import App
from awas.domain.regions import dotted_code
from awas.recap import queries
from awas.recap.forensics import CAVEATS
from awas.recap.model import RecapFinding, RecapFindingSummary
from awas.recap.rules_tps import INPUT_RULES, RULES_BY_ID
from awas.timeutil import to_wib

RULE_TITLES = (
    {rule.id: rule.title for rule in RULES_BY_ID.values()}
    | INPUT_RULES
    | {
        "X01": "Jumlah wilayah anak ≠ angka wilayah induk",
        "X02": "Tabel rekapitulasi berbeda dengan Sirekap / jumlah TPS",
        "H01": "Kemungkinan salah baca Sirekap (saran perbaikan)",
        "F01": "Skrining: partisipasi pencilan",
        "F02": "Skrining: perolehan suara pencilan",
        "F03": "Skrining: angka terakhir tidak seragam",
        "F04": "Skrining: uji digit kedua (2BL)",
        "F05": "Skrining: persentase bulat berlebih",
        "F06": "Skrining: sidik jari Klimek",
    }
)
LEVEL_NAMES = {
    "tps": "TPS",
    "desa": "desa/kelurahan",
    "kecamatan": "kecamatan",
    "kabkota": "kab/kota",
    "provinsi": "provinsi",
}


def describe_recap_finding(app: App, finding_id: int) -> RecapFindingSummary:
    """Summarise finding `finding_id`. Raises awas.errors.NotFoundError when it does not exist."""
    finding = queries.get_finding(app, finding_id)
    region = _region_code(app, finding.unit)
    paslon_id = _paslon_id(app, finding)
    level = LEVEL_NAMES.get(finding.level, finding.level)
    title = f"{finding.rule} {RULE_TITLES.get(finding.rule, '')} — {level} {finding.unit}"
    return RecapFindingSummary(
        finding_id=finding.id,
        rule=finding.rule,
        rule_name=RULE_TITLES.get(finding.rule, finding.rule),
        title=title,
        description=_description(app, finding, region),
        unit=finding.unit,
        region_code=region,
        level=finding.level,
        election_id=finding.election_id,
        paslon=finding.paslon,
        paslon_id=paslon_id,
        values=finding.values,
        snapshot_ids=tuple(dict.fromkeys((finding.first_snapshot_id, finding.last_snapshot_id))),
        photo_urls=_photos(app, finding),
        actionable=not finding.rule.startswith("F"),
    )


def _region_code(app: App, unit: str) -> str | None:
    """Dotted code of the wilayah holding the unit (a TPS belongs to its desa)."""
    plain = unit[:10] if len(unit) == 13 else unit
    try:
        code = dotted_code(plain)
    except ValueError:
        return None
    return code if code in app.reference.regions else None


def _paslon_id(app: App, finding: RecapFinding) -> str | None:
    if not finding.paslon or not finding.election_id:
        return None
    candidate = f"{finding.election_id}#{int(finding.paslon)}"
    return candidate if candidate in app.reference.paslon else None


def _description(app: App, finding: RecapFinding, region: str | None) -> str:
    place = app.reference.regions[region].name if region else finding.unit
    level = LEVEL_NAMES.get(finding.level, finding.level)
    first, last = to_wib(finding.first_seen_at), to_wib(finding.last_seen_at)
    lines = [
        finding.message + ".",
        f"Lokasi: {level} {finding.unit} ({place}); pemilihan {finding.election_id or finding.race}.",
        f"Pertama terlihat {first:%Y-%m-%d %H:%M} WIB (snapshot {finding.first_snapshot_id[:12]}); "
        f"terakhir {last:%Y-%m-%d %H:%M} WIB (snapshot {finding.last_snapshot_id[:12]}).",
    ]
    if finding.rule.startswith("F"):
        lines.append(
            "Catatan: " + CAVEATS.get(finding.rule, "hasil skrining statistik, bukan bukti pelanggaran.")
        )
    if finding.rule == "H01":
        lines.append("Saran perbaikan hanya petunjuk; data tidak diubah. Cocokkan dengan foto C.Hasil.")
    lines.append("Angka Sirekap adalah alat bantu; hasil resmi adalah rekapitulasi berjenjang (D.Hasil).")
    return "\n".join(lines)


def _photos(app: App, finding: RecapFinding) -> tuple[str, ...]:
    if finding.level != "tps":
        return ()
    return tuple(link.url for link in queries.photos(app, finding.unit, finding.race))

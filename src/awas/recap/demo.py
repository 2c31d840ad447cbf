"""Demo step: import the bundled real data, audit it, diff the two Pilkada snapshots, write the
HTML report and fingerprint PNGs under `<data dir>/recap/demo/`. Idempotent (content-addressed
snapshots; a second run re-audits and only refreshes `last seen`)."""

from __future__ import annotations

from awas.app import App
from awas.demo import DemoResult
from awas.recap import compare, service
from awas.recap.outputs import write_html
from awas.recap.paslon_map import SAMPLES_DIR
from awas.recap.store import recap_dir

TPS_SAMPLE = SAMPLES_DIR / "tps" / "pilpres2024_tps_kerinci_kotajambi.csv"
PILKADA = SAMPLES_DIR / "sirekap_pilkada2024_jambi"
SNAPSHOTS = ("20241128T0123-9e11531", "20241128T1225-481f1a6")
EXAMPLE_TPS = "1501092012003"


def run_recap_demo(app: App, actor: str) -> DemoResult:
    tps_run = service.audit_inputs(app, [TPS_SAMPLE], actor=actor)
    report = recap_dir(app) / "demo" / "audit-pilpres2024-sampel.html"
    write_html(app, tps_run, report)
    x01 = [service.audit_inputs(app, [PILKADA / name], actor=actor) for name in SNAPSHOTS]
    moved = {race: _moved(app, race, actor) for race in ("pkwkp", "pkwkk")}
    summary = tps_run.outcome.summary
    example = tps_run.outcome.findings.filter(tps_run.outcome.findings["unit"] == EXAMPLE_TPS)
    return DemoResult(
        "Audit rekapitulasi suara (data nyata Sirekap)",
        {
            "TPS Pemilu 2024 dibaca (Kerinci, Kota Jambi)": tps_run.outcome.units,
            "temuan aturan C01–C11": ", ".join(f"{r} {n}" for r, n in summary.items() if r.startswith("C")),
            "saran salah baca (H01)": summary.get("H01", 0),
            f"contoh TPS {EXAMPLE_TPS}": "; ".join(
                example.filter(example["rule"] == "C08")["message"].to_list()
            ),
            "X01 Pilkada 28 Nov 01:23 (selisih antarberkas)": _x01_text(x01[0]),
            "X01 Pilkada 28 Nov 12:25": _x01_text(x01[1]),
            "D01 satuan berubah 01:23 → 12:25": ", ".join(f"{race} {n}" for race, n in moved.items()),
            "laporan HTML": str(report),
        },
    )


def _x01_text(run: service.AuditRun) -> str:
    found = run.outcome.findings.filter(run.outcome.findings["rule"] == "X01")
    stale = found.filter(found["values"].str.contains('"status":"stale"')).height
    resolved = sum(c.resolved for c in run.stored.values())
    return f"{found.height} (basi {stale}, tidak cocok {found.height - stale}); selesai {resolved}"


def _moved(app: App, race: str, actor: str) -> int:
    old, new = (str(PILKADA / name) for name in SNAPSHOTS)
    result, _, _ = compare.diff(app, old, new, actor=actor, race=race)
    return int(result.summary["units_changed"])

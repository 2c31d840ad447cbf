"""The vulnerability index over real findings rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from awas.app import App
from awas.errors import InputError
from awas.risk.findings_stats import FindingScope, count_by_day, count_by_kabkota, count_by_kecamatan
from awas.risk.formula import Level
from awas.risk.service import RiskService
from awas.timeutil import utcnow
from tests.risk.factories import finding_row, insert_findings

AS_OF = datetime(2024, 12, 1, tzinfo=UTC)
KOTA_JAMBI_VOTERS = 457_351  # DPT Pilkada 2024 in region_stats
KERINCI_VOTERS = 197_657  # no Pilkada DPT bundled: DPT Pemilu Feb 2024 stands in


def _unit(app: App, code: str, as_of: datetime = AS_OF):  # type: ignore[no-untyped-def]
    return next(u for u in RiskService(app).compute(as_of).units if u.facts.code == code)


def test_with_no_findings_the_index_is_the_weighted_baseline(app: App) -> None:
    risk = RiskService(app).compute(AS_OF)
    assert len(risk.units) == 11
    sarolangun = next(u for u in risk.units if u.facts.code == "15.03")
    assert sarolangun.baseline == 1.0  # the highest published score
    assert sarolangun.index == 40.0 and sarolangun.level is Level.SEDANG


def test_the_published_category_is_kept_as_published_never_derived(app: App) -> None:
    kota = _unit(app, "15.71")
    assert kota.facts.baseline is not None
    assert (kota.facts.baseline.score, kota.facts.baseline.category) == (22.30, "tinggi")
    assert kota.level is Level.SEDANG  # our own scale says otherwise, and both are shown


def test_findings_per_10000_voters_use_the_pilkada_dpt_where_published(app: App) -> None:
    insert_findings(app, [finding_row("money_politics", "15.71.02") for _ in range(46)])
    insert_findings(app, [finding_row("hoax", "15.01.01") for _ in range(20)])
    kota, kerinci = _unit(app, "15.71"), _unit(app, "15.01")
    rate = {t.key: t.raw for t in kota.terms}["findings_rate"]
    assert rate == pytest.approx(46 * 10_000 / KOTA_JAMBI_VOTERS)
    assert {t.key: t.raw for t in kerinci.terms}["findings_rate"] == pytest.approx(
        20 * 10_000 / KERINCI_VOTERS
    )
    assert kerinci.facts.voters_source.startswith("DPT Pemilu")
    assert kota.findings == 46


def test_sara_and_hoax_share_has_a_floor_on_the_denominator(app: App) -> None:
    insert_findings(app, [finding_row("sara", "15.02.01")])
    insert_findings(app, [finding_row(c, "15.04.01") for c in ["sara"] * 6 + ["hoax"] * 4 + ["abusive"] * 10])
    assert {t.key: t.raw for t in _unit(app, "15.02").terms}["sara_hoax_share"] == pytest.approx(0.1)
    assert {t.key: t.raw for t in _unit(app, "15.04").terms}["sara_hoax_share"] == pytest.approx(0.5)


def test_rejected_findings_and_findings_outside_the_window_do_not_count(app: App) -> None:
    insert_findings(app, [finding_row("hoax", "15.09.01", review_status="rejected") for _ in range(30)])
    insert_findings(app, [finding_row("hoax", "15.09.01", created_at=datetime(2023, 1, 1, tzinfo=UTC))])
    insert_findings(app, [finding_row("hoax", "15.09.01", created_at=AS_OF + timedelta(days=1))])
    assert {t.key: t.raw for t in _unit(app, "15.09").terms}["findings_rate"] == 0.0


def test_many_findings_push_a_unit_to_tinggi(app: App) -> None:
    insert_findings(app, [finding_row("sara", "15.03.01") for _ in range(400)])
    unit = _unit(app, "15.03")
    terms = {t.key: t for t in unit.terms}
    assert terms["findings_rate"].normalised == terms["sara_hoax_share"].normalised == 1.0
    live = sum(t.weight * t.normalised for t in unit.terms) / sum(t.weight for t in unit.terms)
    assert live == pytest.approx(
        3 / 6
    )  # weights 2 + 1 saturated of 2 + 1 + 1 + 1 + 1 (no cases, clusters, recap)
    assert unit.index == pytest.approx(100 * (0.4 * unit.baseline + 0.6 * live), abs=0.01)
    assert unit.level is Level.TINGGI


def test_counts_by_day_use_the_wib_calendar(app: App) -> None:
    late_evening_utc = datetime(2024, 11, 26, 18, 30, tzinfo=UTC)  # 27 Nov 01:30 WIB: voting day
    insert_findings(app, [finding_row(created_at=late_evening_utc)])
    with app.db.read() as conn:
        days = count_by_day(conn, FindingScope())
    assert {d.isoformat(): n for d, n in days.items()} == {"2024-11-27": 1}


def test_region_scope_counts_only_that_region(app: App) -> None:
    insert_findings(
        app, [finding_row(region_code=c) for c in ["15.71.01", "15.71.02.1001", "15.72.01", "15", None]]
    )
    with app.db.read() as conn:
        assert count_by_kabkota(conn, FindingScope(region_prefix="15.71")) == {"15.71": 2}
        assert count_by_kabkota(conn, FindingScope()) == {"15.71": 2, "15.72": 1}
        assert count_by_kecamatan(conn, FindingScope()) == {"15.71.01": 1, "15.71.02": 1, "15.72.01": 1}


def test_kecamatan_tiles_cover_every_kecamatan(app: App) -> None:
    insert_findings(app, [finding_row(region_code="15.71.01") for _ in range(3)])
    tiles = RiskService(app).kecamatan_tiles(AS_OF)
    assert len(tiles) == 144
    assert next(t for t in tiles if t.code == "15.71.01").findings == 3


def test_snapshots_are_idempotent_per_moment_and_form_the_trend(app: App) -> None:
    service = RiskService(app)
    service.take_snapshot(AS_OF, actor="test")
    service.take_snapshot(AS_OF, actor="test")
    insert_findings(app, [finding_row("sara", "15.08.01") for _ in range(100)])
    later = AS_OF + timedelta(days=7)
    service.take_snapshot(later, actor="test")
    bungo = service.trend("15.08")
    assert [p.as_of for p in bungo] == [AS_OF, later]
    assert bungo[1].index > bungo[0].index
    assert len(service.trend()) == 22


def test_backfill_takes_one_snapshot_per_step(app: App) -> None:
    moments = RiskService(app).take_snapshots(AS_OF - timedelta(days=21), AS_OF, timedelta(days=7), actor="t")
    assert moments == 4 and len(RiskService(app).trend("15.71")) == 4
    with pytest.raises(InputError):
        RiskService(app).take_snapshots(AS_OF, AS_OF, timedelta(0), actor="t")


def test_the_index_refuses_the_future_and_naive_times(app: App) -> None:
    with pytest.raises(InputError, match="future"):
        RiskService(app).compute(utcnow() + timedelta(days=2))
    with pytest.raises(InputError, match="offset"):
        RiskService(app).compute(datetime(2024, 11, 1))

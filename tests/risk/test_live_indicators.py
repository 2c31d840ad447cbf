"""The indicators of cases, coordination and recap: what they count, as of a moment, per kab/kota."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from awas.app import App
from awas.cases.api import TemuanInput, open_temuan, system_principal
from awas.coord.tables import coord_cluster_posts, coord_clusters
from awas.domain.cases import TemuanSource
from awas.recap.tables import recap_findings
from awas.risk.indicators.base import IndicatorContext
from awas.risk.indicators.coordinated_clusters_indicator import CoordinatedClustersIndicator
from awas.risk.indicators.open_overdue_cases_indicator import OpenOverdueCasesIndicator
from awas.risk.indicators.recap_anomalies_indicator import RecapAnomaliesIndicator
from awas.risk.indicators.registry import PLANNED_INDICATORS, active_indicators
from awas.risk.units import indicator_context, load_units
from awas.timeutil import utcnow
from tests.risk.factories import insert_posts, post_row

KNOWN = datetime(2024, 11, 1, 3, tzinfo=UTC)
BEFORE_DUE = datetime(2024, 11, 2, 3, tzinfo=UTC)


def _ctx(core: App, as_of: datetime) -> IndicatorContext:
    return indicator_context(core, load_units(core), as_of)


def test_every_planned_indicator_is_now_measured() -> None:
    keys = {p.spec.key for p in active_indicators()}
    assert {"open_overdue_cases", "coordinated_clusters", "recap_anomalies"} <= keys
    assert PLANNED_INDICATORS == ()


def _temuan(core: App, n: int, region: str) -> None:
    data = TemuanInput(
        source_type=TemuanSource.ANALYST,
        source_id=f"risk-{n}",
        summary=f"temuan {n}",
        category="hoax",
        region_code=region,
        known_at=KNOWN,
        occurred_at=KNOWN,
    )
    open_temuan(core, system_principal(core, "test"), data)


def test_open_cases_count_once_and_twice_when_overdue(app: App) -> None:
    _temuan(app, 1, "15.71")
    _temuan(app, 2, "15.71.01")  # a kecamatan of Kota Jambi counts for Kota Jambi
    _temuan(app, 3, "15")  # the whole province: no kab/kota
    voters = _ctx(app, BEFORE_DUE).voters["15.71"]
    early = OpenOverdueCasesIndicator().measure(_ctx(app, BEFORE_DUE))
    assert early["15.71"] == pytest.approx(2 * 100_000 / voters) and early["15.01"] == 0
    before_known = OpenOverdueCasesIndicator().measure(_ctx(app, datetime(2024, 10, 1, tzinfo=UTC)))
    assert before_known["15.71"] == 0
    late = OpenOverdueCasesIndicator().measure(_ctx(app, utcnow()))  # their decision deadlines have passed
    assert late["15.71"] == pytest.approx(4 * 100_000 / voters)


def _cluster(conn: object, cluster_id: str, first: datetime, last: datetime, post_pks: list[int]) -> None:
    row = {
        "id": cluster_id,
        "kind": "co_link",
        "score": 0.5,
        "n_accounts": 3,
        "n_posts": len(post_pks),
        "first_at": first,
        "last_at": last,
        "window_s": 60,
        "features": {},
        "items": [],
        "edges": [],
        "paslon_ids": [],
        "detected_at": last,
        "updated_at": last,
    }
    conn.execute(coord_clusters.insert().values(**row))  # type: ignore[attr-defined]
    for pk in post_pks:
        conn.execute(
            coord_cluster_posts.insert().values(
                cluster_id=cluster_id, platform="x", post_id=f"p-{pk}", post_pk=pk
            )
        )  # type: ignore[attr-defined]


def test_a_cluster_counts_where_at_least_a_quarter_of_its_posts_are(app: App) -> None:
    insert_posts(
        app, [post_row(region_code=r) for r in ["15.71.01"] * 3 + ["15.01.01"] + ["15.02.01"] * 8 + [None]]
    )
    with app.db.read() as conn:
        pks = [r[0] for r in conn.exec_driver_sql("SELECT id FROM posts ORDER BY id")]
    with app.db.transaction() as conn:
        _cluster(conn, "lnk-aaaa", KNOWN, KNOWN, pks[0:4] + [pks[12]])  # 3 in 15.71, 1 in 15.01 (25%)
        _cluster(conn, "lnk-bbbb", KNOWN, KNOWN, pks[4:12])  # 15.02 only
        _cluster(
            conn, "lnk-cccc", datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 1, 2, tzinfo=UTC), pks[0:2]
        )
    ctx = _ctx(app, BEFORE_DUE)
    raw = CoordinatedClustersIndicator().measure(ctx)
    assert raw["15.71"] == pytest.approx(100_000 / ctx.voters["15.71"])
    assert raw["15.01"] == pytest.approx(100_000 / ctx.voters["15.01"])
    assert raw["15.02"] == pytest.approx(100_000 / ctx.voters["15.02"]) and raw["15.03"] == 0


def _recap(conn: object, unit: str, rule: str, resolved: datetime | None = None) -> None:
    conn.execute(
        recap_findings.insert().values(  # type: ignore[attr-defined]
            series="pkwkk-15",
            race="pkwkk",
            rule=rule,
            unit=unit,
            level="tps",
            paslon="",
            election_id=None,
            values_json="{}",
            message="x",
            first_snapshot_id="a" * 64,
            last_snapshot_id="a" * 64,
            first_seen_at=KNOWN,
            last_seen_at=KNOWN,
            resolved_at=resolved,
        )
    )


def test_recap_anomalies_count_units_with_open_non_screening_findings(app: App) -> None:
    with app.db.transaction() as conn:
        _recap(conn, "1571011001001", "C01")
        _recap(conn, "1571011001001", "C03")  # the same TPS once
        _recap(conn, "1571011001002", "X01")
        _recap(conn, "1571011001003", "F02")  # screening: not an anomaly
        _recap(conn, "1571011001004", "C01", resolved=datetime(2024, 11, 1, 12, tzinfo=UTC))
        _recap(conn, "1501011001001", "C01", resolved=datetime(2024, 12, 1, tzinfo=UTC))  # resolved later
    ctx = _ctx(app, BEFORE_DUE)
    raw = RecapAnomaliesIndicator().measure(ctx)
    assert raw["15.71"] == pytest.approx(2 * 100 / ctx.tps["15.71"])
    assert raw["15.01"] == pytest.approx(1 * 100 / ctx.tps["15.01"])
    assert RecapAnomaliesIndicator().measure(_ctx(app, datetime(2024, 12, 2, tzinfo=UTC)))["15.01"] == 0

"""Routing a case (catalogue decision on the decision day, analyst override with a reason) and
need-to-know sharing at TLP levels within each organisation's clearance."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal
from awas.cases.intake import open_laporan
from awas.cases.queries import can_view, case_detail, list_cases
from awas.cases.sharing import route_case, share_case
from awas.cases.tables import case_shares
from awas.cases.temuan import open_temuan
from awas.domain.orgs import Tlp
from awas.errors import NotFoundError, PermissionDenied
from tests.cases.conftest import NOW, audit_actions, laporan, temuan, wib

Staff = Callable[[str], Principal]


def test_the_catalogue_routes_on_the_day_of_the_decision(app: App, staff: Staff) -> None:
    analis = staff("analis")
    asn = temuan(category="official_neutrality", actor="asn", occurred_at=wib("2024-08-19 10:00"),
                 known_at=wib("2024-08-20 09:00"), election_id="pilgub-15-2024")  # fmt: skip
    case = open_temuan(app, analis, asn, now=wib("2024-08-20 10:00")).case_id
    before = route_case(app, analis, case, now=wib("2024-08-23 10:00"))
    after = route_case(app, analis, case, now=wib("2024-08-24 10:00"))
    # KASN has no organisation in awas any more: nothing to share with.
    assert (before.handler, before.handler_org_id) == ("kasn", None)
    assert (after.handler, after.handler_org_id, after.track) == ("bkn", "bkn", "hukum_lain")
    assert "UU 20/2023 (ASN)" in after.legal_basis and "UU 20/2023 (ASN)" not in before.legal_basis


def test_an_override_needs_a_reason_and_a_handler_valid_that_day(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    with pytest.raises(PermissionDenied, match="wajib disertai alasan"):
        route_case(app, analis, case, handler="kpu_kabkota", now=NOW)
    with pytest.raises(PermissionDenied, match="tidak berwenang"):
        route_case(app, analis, case, handler="kasn", reason="netralitas", now=NOW)
    decision = route_case(app, analis, case, handler="kpu_kabkota", track="administrasi",
                          reason="dinilai pelanggaran administrasi", now=NOW)  # fmt: skip
    assert (
        decision.overridden
        and decision.computed_handler == "gakkumdu"
        and decision.handler_org_id == "kpu-15.71"
    )
    [routed] = audit_actions(app, "case.routed")
    assert routed["details"]["computed_handler"] == "gakkumdu" and routed["details"]["route_overridden"]
    assert case_detail(app, analis, case, now=NOW).route_reason == "dinilai pelanggaran administrasi"


def test_rerouting_takes_the_case_away_from_the_previous_handler(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(
        app, analis, laporan(category="off_schedule_campaign", actor="media"), now=NOW
    ).case_id
    route_case(app, analis, case, now=NOW)
    assert can_view(app, staff("liaison.kpid"), case)
    route_case(
        app, analis, case, handler="kpu_kabkota", track="administrasi", reason="iklan di baliho", now=NOW
    )
    assert not can_view(app, staff("liaison.kpid"), case) and can_view(app, staff("liaison.kpukota"), case)


def test_sharing_respects_each_organisations_clearance(app: App, staff: Staff) -> None:
    analis = staff("analis")
    amber = open_laporan(app, analis, laporan(), now=NOW).case_id
    with pytest.raises(PermissionDenied, match="TLP:GREEN"):
        share_case(app, analis, amber, "iwo-jambi", reason="klarifikasi pemberitaan", now=NOW)
    with pytest.raises(PermissionDenied, match="lebih rendah"):
        share_case(app, analis, amber, "polda-jambi", tlp=Tlp.GREEN, reason="penyidikan", now=NOW)
    with pytest.raises(PermissionDenied, match="alasan"):
        share_case(app, analis, amber, "polda-jambi", reason=" ", now=NOW)
    assert (
        share_case(app, analis, amber, "polda-jambi", tlp=Tlp.AMBER_STRICT, reason="penyidikan", now=NOW)
        == "amber+strict"
    )
    green = open_laporan(app, analis, laporan(tlp="green", terlapor="Relawan B"), now=NOW).case_id
    share_case(app, analis, green, "iwo-jambi", reason="klarifikasi pemberitaan", now=NOW)
    assert [s.header.id for s in list_cases(app, staff("pantau.iwo"), now=NOW)] == [green]
    assert [s.header.id for s in list_cases(app, staff("penyidik.polda"), now=NOW)] == [amber]


def test_a_red_case_is_not_routed_to_a_partner_cleared_for_amber(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(
        app, analis, laporan(tlp="red", category="off_schedule_campaign", actor="media"), now=NOW
    ).case_id
    with pytest.raises(PermissionDenied, match="paling tinggi TLP:AMBER"):
        route_case(app, analis, case, now=NOW)
    share_case(app, analis, case, "bawaslu-15.01", tlp=Tlp.RED, reason="bantuan analisis", now=NOW)
    assert can_view(app, staff("analis.kerinci"), case)


def test_a_revoked_share_hides_the_case_again(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    share_case(app, analis, case, "polda-jambi", reason="penyidikan", now=NOW)
    share_case(app, analis, case, "polda-jambi", reason="penyidikan selesai", revoke=True, now=NOW)
    with pytest.raises(NotFoundError):
        case_detail(app, staff("penyidik.polda"), case, now=NOW)
    with pytest.raises(PermissionDenied, match="tidak sedang dibagikan"):
        share_case(app, analis, case, "polda-jambi", reason="lagi", revoke=True, now=NOW)
    with app.db.read() as conn:
        row = conn.execute(sa.select(case_shares)).one()
    assert row.revoked_by == "analis" and row.revoked_at == NOW
    assert [a["action"] for a in audit_actions(app, "case.share_revoked")] == ["case.share_revoked"]


def test_only_the_owners_managers_route_and_share(app: App, staff: Staff) -> None:
    case = open_laporan(app, staff("analis.kota"), laporan(), now=NOW).case_id
    route_case(app, staff("analis"), case, now=NOW)  # the province office oversees Kota Jambi
    for name in ("investigator", "pantau.bawaslu"):
        with pytest.raises(PermissionDenied):
            share_case(app, staff(name), case, "polda-jambi", reason="x", now=NOW)
    with pytest.raises(NotFoundError):
        route_case(app, staff("analis.kerinci"), case, now=NOW)

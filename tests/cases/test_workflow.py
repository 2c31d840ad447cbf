"""The workflow: catalogue transitions only, each stored with actor, time and reason; guards; the
one-time extension; forged transitions refused and logged; concurrent writers never lose an update
(on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal
from awas.cases.intake import open_laporan
from awas.cases.repo import ConcurrentUpdate
from awas.cases.sharing import route_case, share_case
from awas.cases.tables import case_shares, case_transitions, cases
from awas.cases.temuan import open_temuan
from awas.cases.workflow import TransitionRequest, allowed_transitions, transition
from awas.errors import NotFoundError, PermissionDenied
from tests.cases.conftest import NOW, PELAPOR, audit_actions, count, laporan, temuan, wib

Staff = Callable[[str], Principal]


def walk(app: App, who: Principal, case_id: int, *steps: str, **kw: Any) -> None:
    for step in steps:
        transition(app, who, case_id, TransitionRequest(step, reason=f"langkah {step}"), now=NOW, **kw)


def test_a_report_walks_the_catalogue_from_received_to_closed(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    walk(app, analis, case, "kajian_awal", "diregistrasi", "klarifikasi", "kajian")
    route_case(app, analis, case, now=NOW)
    walk(app, analis, case, "diteruskan", "ditindaklanjuti_instansi", "selesai")
    with app.db.read() as conn:
        row = conn.execute(sa.select(cases)).one()
        steps = conn.execute(sa.select(case_transitions).order_by(case_transitions.c.version)).all()
    assert (row.status, row.is_open, row.closed_at is not None) == ("selesai", False, True)
    assert [s.to_status for s in steps] == [
        "diterima", "kajian_awal", "diregistrasi", "klarifikasi", "kajian", "diteruskan",
        "ditindaklanjuti_instansi", "selesai",
    ]  # fmt: skip
    assert all(s.actor == "analis" and s.actor_org == "bawaslu-15" and s.at == NOW for s in steps)
    assert steps[3].reason == "langkah klarifikasi"


def test_a_forged_transition_is_refused_with_the_reason_and_logged(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    with pytest.raises(PermissionDenied) as info:
        transition(app, analis, case, TransitionRequest("diteruskan"), now=NOW)
    assert "tidak ada dalam katalog" in str(info.value) and "kajian_awal" in str(info.value)
    with pytest.raises(PermissionDenied):
        transition(app, analis, case, TransitionRequest("dibatalkan"), now=NOW)
    assert count(app, case_transitions) == 1
    assert [a["details"]["attempted"] for a in audit_actions(app, "case.access_denied")] == [
        "transisi diterima → diteruskan", "transisi diterima → dibatalkan",
    ]  # fmt: skip


def test_registration_waits_for_the_requirements_and_a_late_report_cannot_be_registered(
    app: App, staff: Staff
) -> None:
    analis = staff("analis")
    late = open_laporan(app, analis, laporan(received_at=wib("2024-11-28 08:00")), now=NOW).case_id
    walk(app, analis, late, "kajian_awal")
    for blocked in ("diregistrasi", "perlu_dilengkapi"):
        with pytest.raises(PermissionDenied, match="syarat"):
            walk(app, analis, late, blocked)
    with pytest.raises(PermissionDenied, match="alasan wajib"):
        transition(app, analis, late, TransitionRequest("tidak_diregistrasi"), now=NOW)
    walk(app, analis, late, "tidak_diregistrasi")
    unsigned = open_laporan(app, analis, laporan(signed=False, terlapor="Relawan X"), now=NOW).case_id
    walk(app, analis, unsigned, "kajian_awal", "perlu_dilengkapi")


def test_the_extension_is_granted_once_and_only_before_the_decision_is_due(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id  # received 22 Nov: decision due 25 Nov
    walk(app, analis, case, "kajian_awal", "diregistrasi", "kajian")
    late = TransitionRequest(
        "klarifikasi", reason="keterangan tambahan", extend=True, at=wib("2024-11-26 09:00")
    )
    with pytest.raises(PermissionDenied, match="sebelum batas waktu putusan"):
        transition(app, analis, case, late, now=NOW)
    early = TransitionRequest(
        "klarifikasi", reason="keterangan tambahan", extend=True, at=wib("2024-11-25 09:00")
    )
    record = transition(app, analis, case, early, now=NOW)
    assert record.extended
    walk(app, analis, case, "kajian")
    again = TransitionRequest("klarifikasi", reason="lagi", extend=True, at=wib("2024-11-25 10:00"))
    with pytest.raises(PermissionDenied, match="sekali"):
        transition(app, analis, case, again, now=NOW)


def test_forwarding_needs_a_route(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_temuan(app, analis, temuan(), now=NOW).case_id
    walk(app, analis, case, "kajian_awal", "diregistrasi", "kajian")
    with pytest.raises(PermissionDenied, match="awas case route"):
        walk(app, analis, case, "diteruskan")
    decision = route_case(app, analis, case, now=NOW)
    assert (decision.track, decision.handler, decision.handler_org_id) == (
        "administrasi",
        "kpu_kabkota",
        "kpu-15.01",
    )
    walk(app, analis, case, "diteruskan")


def test_next_transitions_say_what_this_user_may_do(app: App, staff: Staff) -> None:
    case = open_laporan(app, staff("analis"), laporan(), now=NOW).case_id
    walk(app, staff("analis"), case, "kajian_awal")
    options = {o.to_status: o for o in allowed_transitions(app, staff("analis"), case)}
    assert options["diregistrasi"].allowed and not options["tidak_diregistrasi"].allowed
    assert not options["perlu_dilengkapi"].allowed and "dilengkapi" in (
        options["perlu_dilengkapi"].why_not or ""
    )
    readonly = {o.to_status: o for o in allowed_transitions(app, staff("pantau.bawaslu"), case)}
    assert not any(o.allowed for o in readonly.values())
    with pytest.raises(NotFoundError):
        allowed_transitions(app, staff("liaison.kpid"), case)


def test_a_stale_expected_version_is_refused_without_writing(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    transition(app, analis, case, TransitionRequest("kajian_awal", expected_version=1), now=NOW)
    with pytest.raises(ConcurrentUpdate):
        transition(app, analis, case, TransitionRequest("diregistrasi", expected_version=1), now=NOW)
    assert count(app, case_transitions) == 2


def _race(workers: list[Callable[[], object]]) -> list[BaseException | object]:
    barrier, results = threading.Barrier(len(workers)), [None] * len(workers)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = workers[index]()
        except Exception as exc:  # collected and checked by the test
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return list(results)


def test_concurrent_writers_of_the_same_transition_apply_it_exactly_once(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    results = _race(
        [lambda: transition(app, analis, case, TransitionRequest("kajian_awal"), now=NOW) for _ in range(8)]
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, PermissionDenied) for r in results if isinstance(r, BaseException))
    with app.db.read() as conn:
        row = conn.execute(sa.select(cases)).one()
    assert (row.status, row.version) == ("kajian_awal", 2) and count(app, case_transitions) == 2


def test_concurrent_different_edits_all_land(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(tlp="green"), now=NOW).case_id
    orgs = ["polda-jambi", "kejati-jambi", "pemprov-jambi", "kpid-jambi", "iwo-jambi", "bawaslu-15.01"]
    workers: list[Callable[[], object]] = [
        (lambda org=org: share_case(app, analis, case, org, reason="koordinasi satgas", now=NOW))
        for org in orgs
    ]
    workers.append(lambda: transition(app, analis, case, TransitionRequest("kajian_awal"), now=NOW))
    results = _race(workers)
    assert not [r for r in results if isinstance(r, BaseException)], results
    with app.db.read() as conn:
        row = conn.execute(sa.select(cases)).one()
        shared = set(conn.execute(sa.select(case_shares.c.org_id)).scalars())
    assert shared == set(orgs) and row.status == "kajian_awal"
    assert row.version == 1 + len(workers)  # every edit applied on top of the one before


def test_reasons_are_stored_without_the_reporters_identity(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    reason = f"hubungi {PELAPOR['name']} di {PELAPOR['phone']}"
    transition(app, analis, case, TransitionRequest("kajian_awal", reason=reason), now=NOW)
    with app.db.read() as conn:
        stored = conn.execute(
            sa.select(case_transitions.c.reason).order_by(case_transitions.c.version.desc())
        ).first()
    assert stored is not None and PELAPOR["name"] not in stored.reason and "6677" not in stored.reason

"""Legal clocks: calendar and working days (national holidays as data), hour clocks, the deadlines of
a case from intake through the Gakkumdu stages, overdue and due-soon lists, rule and source shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from awas.app import App
from awas.cases.access import Principal
from awas.cases.catalogue import workflow_catalogue
from awas.cases.clocks import CaseFacts, DeadlineState, add_working_days, compute_deadlines, due_at
from awas.cases.intake import open_laporan
from awas.cases.milestones import milestone_events, record_milestone
from awas.cases.queries import CaseFilter, case_detail, list_cases, open_cases_with_deadlines
from awas.cases.sharing import route_case, share_case
from awas.cases.temuan import open_temuan
from awas.cases.workflow import TransitionRequest, transition
from awas.errors import NotFoundError, PermissionDenied
from awas.timeutil import to_wib
from tests.cases.conftest import NOW, laporan, temuan, wib

Staff = Callable[[str], Principal]
MET, LATE = DeadlineState.MET, DeadlineState.LATE


def test_working_days_skip_weekends_and_the_holidays_in_the_catalogue(catalogue_app: App) -> None:
    holidays = workflow_catalogue(catalogue_app).holidays
    assert date(2024, 11, 27) in holidays  # Pilkada voting day, holidays.csv
    assert add_working_days(date(2024, 8, 16), 1, holidays) == date(2024, 8, 19)  # Sat 17 Aug, Sun
    assert add_working_days(date(2024, 11, 25), 2, holidays) == date(2024, 11, 28)  # skips 27 Nov
    assert add_working_days(date(2024, 11, 25), 2, frozenset()) == date(2024, 11, 27)


def test_gakkumdu_investigation_counts_14_working_days(catalogue_app: App) -> None:
    catalogue = workflow_catalogue(catalogue_app)
    clock = catalogue.clocks["gakkumdu_investigation"]
    due = due_at(clock, wib("2024-11-25 10:00"), catalogue.holidays)
    assert to_wib(due).isoformat() == "2024-12-16T23:59:59+07:00"  # 13 Dec without the 27 Nov holiday
    assert to_wib(due_at(clock, wib("2024-11-25 10:00"), frozenset())).date() == date(2024, 12, 13)


def test_forwarding_to_the_police_is_24_hours_from_the_decision(catalogue_app: App) -> None:
    catalogue = workflow_catalogue(catalogue_app)
    facts = CaseFacts("laporan", "pidana", "gakkumdu", routed=True)
    events = {"known": wib("2024-11-20 12:00"), "received": wib("2024-11-22 09:00"),
              "decided": wib("2024-11-25 14:30"), "referred": wib("2024-11-25 14:30")}  # fmt: skip
    found = {d.clock_id: d for d in compute_deadlines(catalogue, facts, events)}
    assert to_wib(found["forward_to_police"].due_at).isoformat() == "2024-11-26T14:30:00+07:00"
    assert found["decision_due"].met_at == events["decided"]
    assert "gakkumdu_investigation" not in found  # starts when the file is forwarded


def test_a_case_stopped_as_no_crime_does_not_start_the_police_clock(catalogue_app: App) -> None:
    catalogue = workflow_catalogue(catalogue_app)
    facts = CaseFacts("laporan", "pidana", None, routed=False)
    events = {
        "known": wib("2024-11-20 12:00"),
        "received": wib("2024-11-22 09:00"),
        "decided": wib("2024-11-24 10:00"),
    }
    assert "forward_to_police" not in {d.clock_id for d in compute_deadlines(catalogue, facts, events)}


def test_every_deadline_shows_its_rule_and_source(app: App, staff: Staff) -> None:
    case = open_laporan(app, staff("analis"), laporan(), now=NOW).case_id
    detail = case_detail(app, staff("analis"), case, now=NOW)
    assert {d.clock_id for d in detail.deadlines} == {"report_window", "decision_due"}
    for view in detail.deadlines:
        assert view.deadline.rule and view.deadline.legal_basis.startswith("UU 1/2015 Pasal 134")
        assert view.deadline.source and view.deadline.source_status == "verified"
    states = {d.clock_id: d.state for d in detail.deadlines}
    assert states == {"report_window": DeadlineState.MET, "decision_due": DeadlineState.OVERDUE}


def test_temuan_and_laporan_decisions_run_from_different_moments(app: App, staff: Staff) -> None:
    analis = staff("analis")
    lap = open_laporan(app, analis, laporan(), now=NOW).case_id  # received 22 Nov 09:00
    tem = open_temuan(app, analis, temuan(), now=NOW).case_id  # known 25 Nov 09:00
    lap_due = {d.clock_id: d for d in case_detail(app, analis, lap, now=NOW).deadlines}
    tem_due = {d.clock_id: d for d in case_detail(app, analis, tem, now=NOW).deadlines}
    assert to_wib(lap_due["decision_due"].due_at).isoformat() == "2024-11-25T23:59:59+07:00"
    assert to_wib(tem_due["temuan_decision_due"].due_at).isoformat() == "2024-11-28T23:59:59+07:00"
    assert "report_window" not in tem_due


def test_overdue_and_due_soon_lists(app: App, staff: Staff) -> None:
    analis = staff("analis")
    overdue = open_laporan(app, analis, laporan(), now=NOW).case_id  # decision was due 25 Nov
    soon = open_temuan(
        app, analis, temuan(known_at=wib("2024-11-27 09:00"), occurred_at=wib("2024-11-27 08:00")), now=NOW
    ).case_id
    decided = open_temuan(app, analis, temuan(source_id="tm-2"), now=NOW).case_id
    for step in ("kajian_awal", "diregistrasi", "kajian", "dihentikan"):
        transition(app, analis, decided, TransitionRequest(step, reason="tidak cukup bukti"), now=NOW)
    assert [s.header.id for s in list_cases(app, analis, CaseFilter(overdue=True), now=NOW)] == [overdue]
    within = CaseFilter(due_within=timedelta(hours=48))
    assert [s.header.id for s in list_cases(app, analis, within, now=NOW)] == [soon]  # due 30 Nov 23:59
    board = open_cases_with_deadlines(app, analis, now=NOW)
    assert [s.header.id for s in board] == [overdue, soon]  # soonest deadline first; closed case left out
    assert board[0].next_deadline is not None and board[0].next_deadline.state is DeadlineState.OVERDUE
    assert len(list_cases(app, analis, CaseFilter(open_only=False), now=NOW)) == 3


def test_the_extension_moves_the_next_deadline(app: App, staff: Staff) -> None:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    for step in ("kajian_awal", "diregistrasi"):
        transition(app, analis, case, TransitionRequest(step), now=NOW)
    request = TransitionRequest(
        "klarifikasi", reason="keterangan tambahan pelapor", extend=True, at=wib("2024-11-24 10:00")
    )
    transition(app, analis, case, request, now=NOW)
    [summary] = open_cases_with_deadlines(app, analis, now=NOW)
    assert summary.next_deadline is not None and summary.next_deadline.clock_id == "decision_extension"
    assert to_wib(summary.next_deadline.due_at).isoformat() == "2024-11-27T23:59:59+07:00"


def _forwarded_crime(app: App, staff: Staff) -> int:
    analis = staff("analis")
    case = open_laporan(app, analis, laporan(), now=NOW).case_id
    for step in ("kajian_awal", "diregistrasi", "kajian"):
        transition(app, analis, case, TransitionRequest(step), now=NOW)
    route_case(app, analis, case, now=wib("2024-11-25 10:00"))
    transition(app, analis, case, TransitionRequest("diteruskan", at=wib("2024-11-25 14:00")), now=NOW)
    return case


def test_gakkumdu_stages_follow_the_milestones(app: App, staff: Staff) -> None:
    case = _forwarded_crime(app, staff)
    penyidik, analis = staff("penyidik.polda"), staff("analis")
    share_case(app, analis, case, "polda-jambi", reason="penyidikan", now=NOW)
    record_milestone(app, analis, case, "forwarded", at=wib("2024-11-25 20:00"), now=NOW)
    record_milestone(app, penyidik, case, "file_submitted", at=wib("2024-11-29 10:00"), now=NOW)
    found = {d.clock_id: d for d in case_detail(app, analis, case, now=NOW).deadlines}
    assert found["forward_to_police"].state is DeadlineState.MET
    assert found["gakkumdu_investigation"].state is DeadlineState.MET
    assert to_wib(found["gakkumdu_investigation"].due_at).date() == date(2024, 12, 16)
    assert found["gakkumdu_file_return"].state is DeadlineState.PENDING
    assert to_wib(found["gakkumdu_file_return"].due_at).date() == date(
        2024, 12, 4
    )  # 3 working days from Fri 29 Nov


def test_milestones_are_refused_when_they_make_no_sense(app: App, staff: Staff) -> None:
    analis = staff("analis")
    early = open_laporan(app, analis, laporan(terlapor="Relawan A"), now=NOW).case_id
    with pytest.raises(PermissionDenied, match="belum diteruskan"):
        record_milestone(app, analis, early, "forwarded", at=wib("2024-11-25 20:00"), now=NOW)
    case = _forwarded_crime(app, staff)
    with pytest.raises(PermissionDenied, match="tidak dikenal"):
        record_milestone(app, analis, case, "bribed", at=wib("2024-11-25 20:00"), now=NOW)
    with pytest.raises(PermissionDenied, match="masa depan"):
        record_milestone(app, analis, case, "forwarded", at=NOW + timedelta(days=1), now=NOW)
    with pytest.raises(PermissionDenied, match="sebelum keputusan"):
        record_milestone(app, analis, case, "forwarded", at=wib("2024-11-25 13:00"), now=NOW)
    record_milestone(app, analis, case, "forwarded", at=wib("2024-11-25 20:00"), now=NOW)
    with pytest.raises(PermissionDenied, match="sudah dicatat"):
        record_milestone(app, analis, case, "forwarded", at=wib("2024-11-25 21:00"), now=NOW)
    with pytest.raises(NotFoundError):  # KPID does not even see a case routed to Gakkumdu
        record_milestone(
            app, staff("liaison.kpid"), case, "file_submitted", at=wib("2024-11-26 09:00"), now=NOW
        )


def test_milestone_names_come_from_the_catalogue(catalogue_app: App) -> None:
    assert milestone_events(workflow_catalogue(catalogue_app)) == {
        "forwarded", "file_submitted", "file_returned", "file_resubmitted", "file_complete", "court_received",
        "court_decided", "appeal_received", "appeal_decided",
    }  # fmt: skip


def test_the_board_reads_the_same_aware_utc_times_as_the_case_page(app: App, staff: Staff) -> None:
    analis = staff("analis")
    lap = open_laporan(app, analis, laporan(), now=NOW).case_id
    open_temuan(app, analis, temuan(), now=NOW)
    board = {s.header.id: s for s in open_cases_with_deadlines(app, analis, now=NOW)}
    page = case_detail(app, analis, lap, now=NOW).summary
    row = board[lap]
    assert (
        (row.known_at, row.received_at)
        == (page.known_at, page.received_at)
        == (wib("2024-11-20 12:00"), wib("2024-11-22 09:00"))
    )
    assert (
        row.known_at.utcoffset() == timedelta(0)
        and row.next_deadline is not None
        and page.next_deadline is not None
    )
    assert row.next_deadline == page.next_deadline and row.next_deadline.rule.startswith(
        "3 hari kalender sejak laporan diterima"
    )
    assert [s.received_at for s in board.values() if s.header.kind == "temuan"] == [None]


@pytest.mark.parametrize(
    ("decided", "extended", "states"),
    [
        ("2024-11-25 23:59:59", None, {"decision_due": MET}),  # day 3 after receipt on 22 Nov
        ("2024-11-26 00:00:00", None, {"decision_due": LATE}),  # day 4
        ("2024-11-27 23:59:59", "2024-11-25 10:00", {"decision_due": MET, "decision_extension": MET}),  # 5
        ("2024-11-28 00:00:00", "2024-11-25 10:00", {"decision_due": MET, "decision_extension": LATE}),  # 6
    ],
)  # fmt: skip
def test_the_decision_is_on_time_through_day_3_or_day_5_with_the_extension(
    catalogue_app: App, decided: str, extended: str | None, states: dict[str, DeadlineState]
) -> None:
    catalogue = workflow_catalogue(catalogue_app)
    events = {"known": wib("2024-11-20 12:00"), "received": wib("2024-11-22 09:00"), "decided": wib(decided)}
    if extended:
        events["extended"] = wib(extended)
    found = {
        d.clock_id: d for d in compute_deadlines(catalogue, CaseFacts("laporan", None, None, False), events)
    }
    assert {k: found[k].state(NOW) for k in states} == states
    assert ("decision_extension" in found) is bool(extended)

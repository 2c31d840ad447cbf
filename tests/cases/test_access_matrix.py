"""The access-control matrix: every role in every kind of organisation, through every `awas case`
command, against an independent statement of who may do what. The CLI matrix runs on SQLite; its
service-level twin (the same calls the CLI makes, on the same oracle) runs on both backends.

Organisations, relative to the case (opened by Bawaslu Kota Jambi, routed to KPID, shared with
Polda at TLP:AMBER): the owner's parent office, the owner, another Bawaslu office, the routed
handler, the shared partner, a partner it is not shared with, and a handler it is not routed to.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from awas.app import App
from awas.cases.access import Principal, principal_for
from awas.cases.intake import open_laporan
from awas.cases.sharing import route_case, share_case
from awas.cases.workflow import TransitionRequest, transition
from awas.domain.orgs import Role
from awas.errors import NotFoundError, PermissionDenied
from tests.cases.conftest import NOW, add_user, laporan
from tests.support.cli import run_cli

ORGS = ["bawaslu-15", "bawaslu-15.71", "bawaslu-15.01", "kpid-jambi", "polda-jambi", "iwo-jambi", "kpu-15.71"]
OWNER = {"bawaslu-15", "bawaslu-15.71"}  # the owning office and the office above it
HANDLER = "kpid-jambi"
SHARED = "polda-jambi"
SEES = OWNER | {HANDLER, SHARED}
STAFF_ROLES = {Role.ADMIN, Role.ANALYST, Role.INVESTIGATOR}
COMMANDS = [
    "list",
    "show",
    "reveal",
    "open",
    "transition",
    "route",
    "share",
    "milestone",
    "supplement",
    "reseal",
]


def allowed(command: str, org: str, role: Role) -> bool:
    """Who may do what, written out independently of awas.cases.access."""
    bawaslu = org.startswith("bawaslu-")
    rules = {
        "list": True,
        "show": org in SEES,
        "reveal": org in OWNER and role in STAFF_ROLES,
        "open": bawaslu and role in STAFF_ROLES,
        "transition": role != Role.READ_ONLY
        and (org in OWNER or org == HANDLER),  # diteruskan → ditindaklanjuti
        "route": org in OWNER and role in {Role.ADMIN, Role.ANALYST},
        "share": org in OWNER and role in {Role.ADMIN, Role.ANALYST},
        "milestone": (org in OWNER and role in STAFF_ROLES)
        or (org in {HANDLER, SHARED} and role in {Role.INVESTIGATOR, Role.PARTNER_LIAISON}),
        "supplement": False,  # the case is past registration: nobody may change the report
        "reseal": bawaslu and role == Role.ADMIN,
    }
    return rules[command]


def forwarded_case(app: App, terlapor: str) -> int:
    owner = principal_for(app, "setup.kota")
    report = laporan(category="off_schedule_campaign", actor="media", terlapor=terlapor)
    case = open_laporan(app, owner, report, now=NOW).case_id
    for step in ("kajian_awal", "diregistrasi", "kajian"):
        transition(app, owner, case, TransitionRequest(step), now=NOW)
    route_case(app, owner, case, now=NOW)
    transition(app, owner, case, TransitionRequest("diteruskan"), now=NOW)
    share_case(app, owner, case, SHARED, reason="dugaan pidana menyertai", now=NOW)
    return case


def commands(case: int, files: Path, user: str) -> dict[str, list[str]]:
    temuan = files / f"{user}.json"
    finding = {"kind": "temuan", "source_type": "analyst", "source_id": user, "summary": "uji akses",
               "category": "hoax", "known_at": "2024-11-29T10:00:00+07:00"}  # fmt: skip
    temuan.write_text(json.dumps(finding))
    supplement = files / "supplement.json"
    supplement.write_text(json.dumps({"signed": True}))
    c = str(case)
    return {
        "list": ["case", "list", "--format", "json"],
        "show": ["case", "show", c, "--format", "json"],
        "reveal": ["case", "show", c, "--reveal-identity", "--reason", "klarifikasi", "--format", "json"],
        "open": ["case", "open", "--in", str(temuan)],
        "transition": ["case", "transition", c, "ditindaklanjuti_instansi", "--reason", "surat teguran KPID"],
        "route": ["case", "route", c],
        "share": ["case", "share", c, "kejati-jambi", "--reason", "koordinasi"],
        "milestone": ["case", "milestone", c, "forwarded", "--at", "2024-11-30T13:00:00+07:00"],
        "supplement": ["case", "supplement", c, "--in", str(supplement)],
        "reseal": ["case", "reseal"],
    }


@pytest.mark.slow
def test_every_role_in_every_organisation_through_every_command(
    sqlite_app: App, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = sqlite_app
    # The schema is current (the fixture migrated it); skip re-checking it on each of the ~350 runs.
    monkeypatch.setattr(App, "upgrade_schema", lambda self: [])
    add_user(app, "setup.kota", "bawaslu-15.71", Role.ANALYST)
    mismatches = []
    for org in ORGS:
        for role in Role:
            user = f"u.{org}.{role.value}".replace("_", "-")
            add_user(app, user, org, role)
            case = forwarded_case(
                app, f"Stasiun TV {user}"
            )  # a fresh case per user: write commands must not see others' edits
            for command, args in commands(case, tmp_path, user).items():
                result = run_cli(capsys, *args, "--as", user)
                if (result.code == 0) != allowed(command, org, role) or result.code not in (0, 2):
                    mismatches.append((org, role.value, command, result.code, result.stderr.strip()[-160:]))
                elif command == "list":
                    listed = {item["header"]["id"] for item in json.loads(result.stdout)}
                    if (case in listed) != (org in SEES):
                        mismatches.append((org, role.value, "list-visibility", sorted(listed), ""))
    assert not mismatches, "\n".join(map(str, mismatches))


def test_a_user_is_required_and_must_be_active(sqlite_app: App, capsys: pytest.CaptureFixture[str]) -> None:
    add_user(sqlite_app, "pensiun", "bawaslu-15", Role.ANALYST, active=False)
    assert run_cli(capsys, "case", "list").code == 2  # no --as and no AWAS_USER
    unknown = run_cli(capsys, "case", "list", "--as", "tidak.ada")
    assert unknown.code == 2 and "tidak.ada" in unknown.stderr
    disabled = run_cli(capsys, "case", "list", "--as", "pensiun")
    assert disabled.code == 2 and "dinonaktifkan" in disabled.stderr


def test_awas_user_names_the_acting_user(
    sqlite_app: App, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(sqlite_app, "analis.env", "bawaslu-15", Role.ANALYST)
    monkeypatch.setenv("AWAS_USER", "analis.env")
    assert run_cli(capsys, "case", "list", "--format", "json").code == 0


def service_calls(app: App, case: int, user: str) -> dict[str, Callable[[Principal], object]]:
    from awas.cases import api
    from awas.cases.intake_models import LaporanSupplement, TemuanInput

    finding = TemuanInput(source_type="analyst", source_id=user, summary="uji akses", category="hoax",
                          known_at=NOW)  # fmt: skip
    return {
        "list": lambda p: api.list_cases(app, p, now=NOW),
        "show": lambda p: api.case_detail(app, p, case, now=NOW),
        "reveal": lambda p: api.reveal_identity(app, p, case, "klarifikasi"),
        "open": lambda p: api.open_temuan(app, p, finding, now=NOW),
        "transition": lambda p: api.transition(
            app, p, case, api.TransitionRequest("ditindaklanjuti_instansi", reason="teguran"), now=NOW
        ),
        "route": lambda p: api.route_case(app, p, case, now=NOW),
        "share": lambda p: api.share_case(app, p, case, "kejati-jambi", reason="koordinasi", now=NOW),
        "milestone": lambda p: api.record_milestone(app, p, case, "forwarded", at=NOW, now=NOW),
        "supplement": lambda p: api.supplement_laporan(app, p, case, LaporanSupplement(signed=True), now=NOW),
        "reseal": lambda p: api.reseal_identities(app, p),
    }


def test_the_same_matrix_holds_in_the_service_layer_on_both_databases(app: App) -> None:
    add_user(app, "setup.kota", "bawaslu-15.71", Role.ANALYST)
    mismatches = []
    for org in ORGS:
        for role in Role:
            user = f"u.{org}.{role.value}".replace("_", "-")
            add_user(app, user, org, role)
            case = forwarded_case(app, f"Stasiun TV {user}")
            principal = principal_for(app, user)
            for command, call in service_calls(app, case, user).items():
                try:
                    result = call(principal)
                    ok = True
                except (PermissionDenied, NotFoundError):
                    ok, result = False, None
                if ok != allowed(command, org, role):
                    mismatches.append((org, role.value, command, ok))
                elif command == "list" and (case in {s.header.id for s in result}) != (org in SEES):  # type: ignore[attr-defined]
                    mismatches.append((org, role.value, "list-visibility", ok))
    assert not mismatches, "\n".join(map(str, mismatches))

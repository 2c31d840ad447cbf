"""The reporter's identity: never in plaintext in the database (scanned in a full dump and the raw
file) nor in anything a partner receives; shown only to roles that need it, each disclosure logged;
re-sealed after a key rotation."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal
from awas.cases.intake import open_laporan
from awas.cases.intake_models import LaporanSupplement
from awas.cases.milestones import record_milestone
from awas.cases.notify.channels import add_channel
from awas.cases.queries import case_detail, list_cases
from awas.cases.reporters import reseal_identities, reveal_identity
from awas.cases.sharing import route_case, share_case
from awas.cases.supplement import supplement_laporan
from awas.cases.tables import case_reporters, notifications
from awas.cases.workflow import TransitionRequest, transition
from awas.crypto import SealError
from awas.errors import NotFoundError, PermissionDenied
from awas.settings import load_settings
from awas.store.pgcluster import find_pg_bin
from awas.store.tables import metadata
from tests.cases.conftest import NOW, PELAPOR, SECRET_TERMS, WITNESS, audit_actions, laporan
from tests.support.cli import run_cli

Staff = Callable[[str], Principal]


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [term for term in SECRET_TERMS if term.lower() in lowered]


def busy_case(app: App, staff: Staff) -> int:
    """A case that went through everything that writes text: intake with the reporter naming
    themself, a second reporter merged, reasons naming the reporter, a route, shares, a milestone,
    queued notifications, a disclosure."""
    analis = staff("analis")
    add_channel(app, staff("admin"), "kpid-jambi", "webhook", "http://127.0.0.1:9/hook")
    add_channel(app, staff("admin"), "polda-jambi", "email", "satgas@polda.example")
    report = laporan(category="off_schedule_campaign", actor="media", signed=False)
    case = open_laporan(app, analis, report, now=NOW).case_id
    other = {**PELAPOR, "name": "Dewi Kartika Sari", "nik": "1571020304850008"}
    open_laporan(
        app, analis, laporan(category="off_schedule_campaign", actor="media", pelapor=other), now=NOW
    )
    supplement_laporan(
        app, analis, case, LaporanSupplement(signed=True, description=f"kata {PELAPOR['name']}"), now=NOW
    )
    named = f"pelapor {PELAPOR['name']} ({PELAPOR['phone']}) dan saksi {WITNESS['name']}"
    for step in ("kajian_awal", "diregistrasi", "klarifikasi", "kajian"):
        transition(app, analis, case, TransitionRequest(step, reason=named), now=NOW)
    route_case(app, analis, case, handler="kpid", reason=named, now=NOW)
    transition(app, analis, case, TransitionRequest("diteruskan", reason=named), now=NOW)
    share_case(app, analis, case, "polda-jambi", reason=named, now=NOW)
    record_milestone(app, analis, case, "forwarded", at=NOW, reason=named, now=NOW)
    reveal_identity(app, analis, case, "klarifikasi pelapor")
    return case


def dump(app: App) -> str:
    """Every row of every table, as text (what a database dump holds)."""
    lines = []
    with app.db.read() as conn:
        for table in metadata.sorted_tables:
            lines += [repr(tuple(row)) for row in conn.execute(sa.select(table))]
    return "\n".join(lines)


def raw_database(app: App) -> str:
    """The bytes on disk: the SQLite file with its WAL, or a pg_dump of the PostgreSQL database."""
    url = app.db.url
    if app.db.is_sqlite:
        files = [Path(str(url.database)), Path(f"{url.database}-wal")]
        return b"".join(p.read_bytes() for p in files if p.exists()).decode("latin-1")
    env = os.environ | {"PGPASSWORD": url.password or ""}
    command = [
        str(find_pg_bin() / "pg_dump"),
        "-h",
        str(url.host),
        "-p",
        str(url.port),
        "-U",
        str(url.username),
        str(url.database),
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout


def test_the_identity_is_nowhere_in_the_database(app: App, staff: Staff) -> None:
    busy_case(app, staff)
    text, raw = dump(app), raw_database(app)
    assert "sealed:v1:" in text and len(raw) > 10_000
    assert leaks(text) == [] and leaks(raw) == []
    assert "Dewi Kartika" not in text and "1571020304850008" not in raw


def test_a_partner_receives_nothing_that_identifies_the_reporter(app: App, staff: Staff) -> None:
    case = busy_case(app, staff)
    for partner in ("liaison.kpid", "penyidik.polda"):
        detail = case_detail(app, staff(partner), case, now=NOW)
        board = list_cases(app, staff(partner), now=NOW)
        assert detail.shares == () and leaks(repr(detail)) == [] and leaks(repr(board)) == []
    with app.db.read() as conn:
        payloads = [row.payload for row in conn.execute(sa.select(notifications))]
    assert {p["recipient_org"] for p in payloads} >= {"kpid-jambi", "polda-jambi"}
    assert leaks(json.dumps(payloads)) == []


def test_partner_cli_output_has_no_identity(
    on_app_db: App, staff: Staff, capsys: pytest.CaptureFixture[str]
) -> None:
    case = busy_case(on_app_db, staff)
    for partner in ("liaison.kpid", "penyidik.polda"):
        for args in (("case", "show", str(case)), ("case", "show", str(case), "--format", "json"),
                     ("case", "list", "--format", "json"), ("case", "list")):  # fmt: skip
            result = run_cli(capsys, *args, "--as", partner)
            assert result.code == 0 and leaks(result.stdout + result.stderr) == [], (partner, args)
        refused = run_cli(
            capsys, "case", "show", str(case), "--reveal-identity", "--reason", "x", "--as", partner
        )
        assert refused.code == 2 and leaks(refused.stdout + refused.stderr) == []


def test_the_identity_is_shown_only_to_the_owners_staff_and_every_disclosure_is_logged(
    app: App, staff: Staff
) -> None:
    case = open_laporan(app, staff("analis.kota"), laporan(), now=NOW).case_id
    [first] = reveal_identity(app, staff("analis"), case, "menghubungi pelapor untuk klarifikasi")
    assert (first.name, first.nik, first.phone) == (PELAPOR["name"], PELAPOR["nik"], PELAPOR["phone"])
    assert first.witnesses == (WITNESS["name"],)
    reveal_identity(app, staff("investigator"), case, "undangan klarifikasi")
    with pytest.raises(PermissionDenied, match="alasan"):
        reveal_identity(app, staff("analis"), case, "  ")
    for refused in ("pantau.bawaslu", "analis.kerinci", "liaison.kpid"):
        with pytest.raises((PermissionDenied, NotFoundError)):
            reveal_identity(app, staff(refused), case, "ingin tahu")
    disclosed = audit_actions(app, "case.identity_disclosed")
    assert [(d["actor"], d["details"]["reason"]) for d in disclosed] == [
        ("analis", "menghubungi pelapor untuk klarifikasi"), ("investigator", "undangan klarifikasi"),
    ]  # fmt: skip
    assert leaks(json.dumps([d["details"] for d in disclosed])) == []
    assert len(audit_actions(app, "case.access_denied")) == 4


def test_identities_are_resealed_after_a_key_rotation(app: App, staff: Staff, tmp_path: Path) -> None:
    case = open_laporan(app, staff("analis"), laporan(), now=NOW).case_id
    old_key = app.settings.secret_key.get_secret_value()
    new_key = "the-new-secret-key-after-rotation-0123456789"
    url = app.settings.resolved_database_url

    def app_with(key: str, previous: str = "") -> App:
        return App(
            load_settings(
                env="test", home=tmp_path, database_url=url, secret_key=key, previous_secret_keys=previous
            )
        )

    with app_with(new_key, old_key) as rotating:
        assert (
            reveal_identity(rotating, staff("analis"), case, "sebelum segel ulang")[0].name == PELAPOR["name"]
        )
        report = reseal_identities(rotating, staff("admin"))
        assert (report.checked, report.resealed) == (1, 1)
        assert reseal_identities(rotating, staff("admin")).resealed == 0  # idempotent
        with pytest.raises(PermissionDenied):
            reseal_identities(rotating, staff("analis"))
    with app_with(new_key) as rotated:
        assert (
            reveal_identity(rotated, staff("analis"), case, "setelah kunci lama dibuang")[0].nik
            == PELAPOR["nik"]
        )
    with app_with(old_key) as stale, pytest.raises(SealError):
        reveal_identity(stale, staff("analis"), case, "kunci lama")
    with app.db.read() as conn:
        sealed = conn.execute(sa.select(case_reporters.c.identity_sealed)).scalar_one()
    assert sealed.startswith("sealed:v1:") and leaks(sealed) == []


def test_reseal_from_the_cli(
    on_app_db: App, staff: Staff, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_laporan(on_app_db, staff("analis"), laporan(), now=NOW)
    monkeypatch.setenv("AWAS_PREVIOUS_SECRET_KEYS", on_app_db.settings.secret_key.get_secret_value())
    monkeypatch.setenv("AWAS_SECRET_KEY", "a-brand-new-key-for-the-cli-rotation-test-0001")
    result = run_cli(capsys, "case", "reseal", "--as", "admin")
    assert result.code == 0 and "1 disegel ulang" in result.stderr
    assert run_cli(capsys, "case", "reseal", "--as", "analis").code == 2

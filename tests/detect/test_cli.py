"""`awas detect ...` through the real entry point: contracts, messages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from tests.detect.conftest import make_post
from tests.detect.storing import insert_posts
from tests.support.cli import run_cli

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "awas" / "detect" / "samples"


@pytest.fixture
def env(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    return app


def test_classify_writes_one_contract_line_per_post(
    env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    result = run_cli(capsys, "detect", "classify", "--in", str(SAMPLES / "posts.jsonl"), "--out", str(out))
    assert result.code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 24
    assert all(set(line) == {"platform", "post_id", "labels"} for line in lines)
    first = lines[0]["labels"][0]
    assert {"category", "score", "legal_basis", "evidence"} <= set(first)
    by_post = {line["post_id"]: {label["category"] for label in line["labels"]} for line in lines}
    assert "money_politics" in by_post["d-001"] and by_post["d-018"] == set() and by_post["d-023"] == set()


def test_classify_to_stdout(env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text(
        json.dumps(
            {
                "platform": "x",
                "post_id": "1",
                "author_id": "a",
                "text": "serangan fajar pilkada",
                "created_at": "2024-10-01T10:00:00+07:00",
            }
        )
        + "\n"
    )
    result = run_cli(capsys, "detect", "classify", "--in", str(source))
    assert result.code == 0
    assert json.loads(result.stdout)["labels"][0]["category"] == "money_politics"


BASE = {"platform": "x", "post_id": "1", "author_id": "a", "text": "t", "created_at": "2024-10-01T10:00:00Z"}


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("{not json", "JSON tidak valid"),
        ('{"platform": "x", "post_id": "1", "author_id": "a", "text": "t"}', "[created_at]"),
        (json.dumps(BASE | {"created_at": "2024-10-01T10:00:00"}), "[created_at]"),
        (json.dumps(BASE | {"platform": "myspace"}), "[platform]"),
        (json.dumps(BASE | {"hashtags": "satu"}), "[hashtags]"),
        ('["a"]', "objek JSON"),
    ],
)
def test_classify_refuses_bad_input_naming_line_and_field(
    env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, needle: str
) -> None:
    source = tmp_path / "bad.jsonl"
    good = json.dumps(
        {
            "platform": "x",
            "post_id": "0",
            "author_id": "a",
            "text": "ok",
            "created_at": "2024-10-01T10:00:00Z",
        }
    )
    source.write_text(good + "\n" + line + "\n")
    out = tmp_path / "out.jsonl"
    result = run_cli(capsys, "detect", "classify", "--in", str(source), "--out", str(out))
    assert result.code == 2
    assert f"{source}:2" in result.stderr and needle in result.stderr
    assert not out.exists() and result.stdout == ""


def test_classify_names_a_missing_file(env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "detect", "classify", "--in", str(tmp_path / "none.jsonl"))
    assert result.code == 2 and "none.jsonl" in result.stderr


def test_eval_prints_the_contract_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "labelled.csv"
    data.write_text(
        "teks,y\ndasar anjing goblok kau bangsat,1\nselamat pagi semua,0\nkamu tolol sekali,1\n",
        encoding="latin-1",
    )
    result = run_cli(
        capsys,
        "detect",
        "eval",
        "--data",
        str(data),
        "--text-column",
        "teks",
        "--label-column",
        "y",
        "--category",
        "abusive",
        "--encoding",
        "latin-1",
        "--format",
        "json",
    )
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"category", "n", "precision", "recall", "f1", "threshold"}
    assert payload["category"] == "abusive" and payload["n"] == 3 and 0 < payload["threshold"] < 1


def test_eval_of_a_rule_category(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "mp.csv"
    data.write_text("text,label\nserangan fajar pilkada besok subuh,1\ntolak serangan fajar,0\n")
    result = run_cli(
        capsys,
        "detect",
        "eval",
        "--data",
        str(data),
        "--text-column",
        "text",
        "--label-column",
        "label",
        "--category",
        "money_politics",
        "--format",
        "json",
    )
    payload = json.loads(result.stdout)
    assert (payload["precision"], payload["recall"], payload["threshold"]) == (1.0, 1.0, 0.5)


@pytest.mark.parametrize(
    ("content", "args", "needle"),
    [
        ("text,label\nhalo,2\n", ("--category", "abusive"), ":2 [label]"),
        ("text,nolabel\nhalo,1\n", ("--category", "abusive"), "[label]"),
        ("text,label\nhalo,1\n", ("--category", "bukan_kategori"), "kategori tidak dikenal"),
        ("text,label\nhalo,1\n", ("--category", "abusive", "--encoding", "nope"), "encoding"),
        ("text,label\n", ("--category", "abusive"), "tidak ada baris"),
    ],
)
def test_eval_refuses_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, args: tuple[str, ...], needle: str
) -> None:
    data = tmp_path / "bad.csv"
    data.write_text(content)
    result = run_cli(
        capsys,
        "detect",
        "eval",
        "--data",
        str(data),
        "--text-column",
        "text",
        "--label-column",
        "label",
        *args,
    )
    assert result.code == 2 and needle in result.stderr


def test_run_explain_review_and_export(env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    post = make_post("Para kades dan camat deklarasi dukung paslon nomor 2 di pilbup", region="15.04")
    insert_posts(env, [post])
    result = run_cli(capsys, "detect", "run", "--format", "json")
    assert result.code == 0 and json.loads(result.stdout)["by_category"] == {"official_neutrality": 1}
    explained = run_cli(capsys, "detect", "explain", f"x:{post.post_id}")
    assert explained.code == 0
    for text in (
        "official_neutrality",
        "on.asn_support",
        "Pasal 70",
        "gakkumdu",
        "bkn",
        "deklarasi dukung",
        "pilbup-15.04-2024#2",
    ):
        assert text in explained.stdout, text
    listed = json.loads(run_cli(capsys, "detect", "findings", "--format", "json").stdout)
    finding_id = str(listed[0]["id"])
    assert run_cli(capsys, "detect", "confirm", finding_id, "--note", "ada foto").code == 0
    assert run_cli(capsys, "detect", "reject", "999999").code == 2
    target = tmp_path / "labels.csv"
    assert run_cli(capsys, "detect", "export-labels", "--out", str(target)).code == 0
    assert "official_neutrality,1" in target.read_text(encoding="utf-8")


def test_explain_of_an_unknown_post_is_a_usage_error(env: App, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "detect", "explain", "x:does-not-exist")
    assert result.code == 2 and "tidak ditemukan" in result.stderr


def test_factcheck_import(env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "detect", "factcheck-import", str(SAMPLES / "factchecks.json"))
    assert result.code == 0 and "3 baru" in result.stderr
    again = run_cli(capsys, "detect", "factcheck-import", str(SAMPLES / "factchecks.json"))
    assert "0 baru, 0 diperbarui" in again.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("url,title\nhttps://e.org,\n")
    assert run_cli(capsys, "detect", "factcheck-import", str(bad)).code == 2


def test_demo_step_is_idempotent(env: App) -> None:
    from awas.detect.demo import detect_demo

    first = detect_demo(env, "demo")
    second = detect_demo(env, "demo")
    assert (
        first.summary["unggahan contoh disimpan"] == 24 and second.summary["unggahan diperiksa sekarang"] == 0
    )
    counts = {k: v for k, v in first.summary.items() if k.startswith("temuan ")}
    assert counts == {k: v for k, v in second.summary.items() if k.startswith("temuan ")}
    for category in ("money_politics", "official_neutrality", "off_schedule_campaign", "hoax", "abusive"):
        assert first.summary.get(f"temuan {category}", 0) >= 1, category

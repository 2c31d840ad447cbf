"""`awas detect ...`: violation detection on posts (parse, call awas.detect, print)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.detect_views import print_explanation, print_findings_table, print_summary
from awas.cli.engine_options import ADDRESS, ENGINE, engine_choice
from awas.cli.output import Format, emit_json, err, progress

app = typer.Typer(
    no_args_is_help=True, help="Deteksi dugaan pelanggaran pada unggahan (model, aturan, jadwal)."
)

FORMAT = typer.Option(Format.TEXT, "--format", help="text atau json")


@app.command("run")
def run(
    batch_size: int = typer.Option(1000, "--batch-size", min=1, max=100_000),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Paling banyak sekian unggahan."),
    fmt: Format = FORMAT,
    engine: str = ENGINE,
    address: str | None = ADDRESS,
    lease: int = typer.Option(
        900, "--lease", min=10, help="Detik sebelum klaim pekerja yang mati diambil alih (engine ray)."
    ),
) -> None:
    """Deteksi semua unggahan berstatus 'new' di basis data; temuan disimpan per unggahan."""
    from datetime import timedelta

    from awas.scale.detect_run import run_detection_on
    from awas.scale.engine import open_engine

    choice = engine_choice(engine, address)
    core = get_app()
    with open_engine(choice) as runner, progress() as bar:
        task = bar.add_task("deteksi", total=None)
        summary = run_detection_on(
            core,
            cli_actor(),
            runner,
            batch_size=batch_size,
            limit=limit,
            lease=timedelta(seconds=lease),
            on_batch=lambda n: bar.advance(task, n),
        )
    payload = {
        "posts": summary.posts,
        "findings": summary.findings,
        "by_category": dict(summary.by_category),
        "detector_version": summary.detector_version,
    }
    if fmt == Format.JSON:
        emit_json(payload)
    else:
        print_summary(payload)


@app.command("classify")
def classify(
    source: Path = typer.Option(..., "--in", help="Berkas unggahan JSONL (specs/posts-jsonl.md)."),
    target: Path | None = typer.Option(None, "--out", help="Berkas hasil JSONL (bawaan: stdout)."),
) -> None:
    """Klasifikasikan unggahan dari berkas JSONL tanpa menyimpannya; satu baris hasil per unggahan."""
    from awas.detect.context import build_context
    from awas.detect.service import classify_file, classify_to_path

    context = build_context(get_app())
    with progress() as bar:
        task = bar.add_task("klasifikasi", total=None)
        advance = lambda n: bar.advance(task, n)  # noqa: E731
        if target is None:
            count = classify_file(source, sys.stdout, context, advance)
        else:
            count = classify_to_path(source, target, context, advance)
    err.print(f"{count} unggahan diklasifikasikan")


@app.command("eval")
def evaluate(
    data: Path = typer.Option(..., "--data", help="CSV berlabel."),
    text_column: str = typer.Option(..., "--text-column"),
    label_column: str = typer.Option(..., "--label-column", help="Kolom 0/1 (1 = positif)."),
    category: str = typer.Option(..., "--category"),
    encoding: str = typer.Option("utf-8", "--encoding"),
    fmt: Format = FORMAT,
) -> None:
    """Ukur presisi, recall dan F1 model yang dikirim untuk satu kategori pada CSV berlabel."""
    from awas.detect.context import DetectionContext, schedule_from
    from awas.detect.evaluate import evaluate as run_eval
    from awas.detect.evaluate import read_labelled
    from awas.detect.textmodel import shipped_model

    texts, labels = read_labelled(data, text_column, label_column, encoding)
    context = DetectionContext(shipped_model(), {}, {}, [], schedule_from({}))
    result = asdict(run_eval(texts, labels, category, context))
    if fmt == Format.JSON:
        emit_json(result)
    else:
        for key, value in result.items():
            typer.echo(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")


@app.command("train")
def train(
    data_dir: Path = typer.Option(
        Path("data/text"), "--data-dir", help="Folder data latih (ibrohim2019/, netifier/)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Folder artefak (bawaan: model di dalam paket)."),
    fmt: Format = FORMAT,
) -> None:
    """Latih ulang model teks secara deterministik, validasi silang 5 lipatan, tulis model card."""
    from awas.detect.model_card import netifier_macro_f1, render_card
    from awas.detect.textmodel import model_dir, save_model
    from awas.detect.training import train_text_model

    model = train_text_model(data_dir, progress=lambda message: err.print(f"[dim]{message}[/]"))
    target = out or model_dir()
    save_model(model, target)
    (target / "MODEL_CARD.md").write_text(render_card(model), encoding="utf-8")
    scores = {name: report["pooled"] for name, report in model.card.items() if not name.startswith("_")}
    payload = {
        "version": model.version,
        "out": str(target),
        "scores": scores,
        "netifier_macro_f1": netifier_macro_f1(model.card),
    }
    if fmt == Format.JSON:
        emit_json(payload)
    else:
        err.print(f"model {model.version} ditulis ke {target}")
        for name, pooled in scores.items():
            typer.echo(f"{name}: P={pooled['precision']:.3f} R={pooled['recall']:.3f} F1={pooled['f1']:.3f}")


@app.command("explain")
def explain(
    post: str = typer.Argument(..., help="id unggahan atau platform:post_id"), fmt: Format = FORMAT
) -> None:
    """Tunjukkan mengapa sebuah unggahan ditandai: bukti, dasar hukum, penanganan."""
    from awas.detect.service import explain_post

    explanation = explain_post(get_app(), post)
    if fmt == Format.JSON:
        from awas.detect.posts_io import result_line

        payload = result_line(explanation.post, explanation.fresh)
        emit_json(
            payload
            | {"post_pk": explanation.post_pk, "stage": explanation.stage, "stored": explanation.stored}
        )
    else:
        print_explanation(explanation)


@app.command("findings")
def list_findings(
    category: str | None = typer.Option(None, "--category"),
    status: str | None = typer.Option(None, "--status", help="open, confirmed atau rejected"),
    limit: int = typer.Option(50, "--limit", min=1, max=100_000),
    fmt: Format = FORMAT,
) -> None:
    """Daftar temuan deteksi (terbaru dulu)."""
    from awas.detect.queries import recent_findings

    rows = recent_findings(get_app(), category=category, status=status, limit=limit)
    if fmt == Format.JSON:
        emit_json(rows)
    else:
        print_findings_table(rows)


def _review(finding_id: int, confirmed: bool, note: str | None) -> None:
    from awas.detect.review import review_finding
    from awas.domain.findings import ReviewStatus

    status = ReviewStatus.CONFIRMED if confirmed else ReviewStatus.REJECTED
    review_finding(get_app(), finding_id, status, cli_actor(), note)
    err.print(f"temuan {finding_id}: {status}")


@app.command("confirm")
def confirm(finding_id: int, note: str | None = typer.Option(None, "--note")) -> None:
    """Analis membenarkan temuan (menjadi data berlabel positif)."""
    _review(finding_id, True, note)


@app.command("reject")
def reject(finding_id: int, note: str | None = typer.Option(None, "--note")) -> None:
    """Analis menolak temuan (menjadi data berlabel negatif)."""
    _review(finding_id, False, note)


@app.command("export-labels")
def export_labels(out: Path = typer.Option(..., "--out", help="CSV keluaran")) -> None:
    """Ekspor temuan yang sudah ditinjau sebagai data berlabel untuk pelatihan ulang."""
    from awas.detect.review import export_labels as export

    count = export(get_app(), out)
    err.print(f"{count} baris berlabel ditulis ke {out}")


@app.command("factcheck-import")
def factcheck_import(files: list[Path] = typer.Argument(..., help="CSV/JSON ekspor cek fakta")) -> None:
    """Impor item cek fakta (TurnBackHoax, CekFakta...) untuk pencocokan klaim hoaks."""
    from awas.detect.factcheck_store import read_factchecks, store_factchecks

    core = get_app()
    for path in files:
        added, updated = store_factchecks(core.db, read_factchecks(path))
        err.print(f"{path}: {added} baru, {updated} diperbarui")

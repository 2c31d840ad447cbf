"""`awas coord`: coordinated behaviour (buzzer networks). Parses, calls awas.coord, prints."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from awas.cli.context import cli_actor, get_app
from awas.cli.engine_options import ADDRESS, ENGINE, engine_choice
from awas.cli.escalate_views import AS_USER, FORMAT, principal, print_escalation
from awas.cli.output import Format, emit_json, err, print_table, progress
from awas.coord.config import KINDS, CoordConfig, Kind
from awas.coord.export import graphml_text, network_png, write_network
from awas.coord.jsonl import read_posts_jsonl
from awas.coord.query import as_cluster, get_cluster, list_clusters, stored_clusters
from awas.coord.records import Cluster
from awas.coord.service import detect_in_store
from awas.errors import InputError, InputProblem
from awas.escalate import open_case_from_cluster
from awas.scale.coord_run import detect_file
from awas.scale.engine import open_engine

app = typer.Typer(no_args_is_help=True, help="Jaringan buzzer: klaster akun yang bergerak bersama.")


def _config(window: int | None) -> CoordConfig:
    if window is None:
        return CoordConfig()
    if window < 1 or window > 7 * 86400:
        raise InputError(InputProblem("--window", "harus antara 1 dan 604800 detik", field="window"))
    return CoordConfig(windows={k.value: window for k in KINDS})


def _print(clusters: list[Cluster], fmt: str, windows: dict[str, int] | None = None) -> None:
    if fmt == "graphml":
        typer.echo(graphml_text(clusters), nl=False)
    elif fmt == "json":
        payload: dict[str, object] = {"clusters": [c.to_contract() for c in clusters]}
        if windows is not None:
            payload["windows"] = windows
        emit_json(payload)
    else:
        rows = [
            (c.id, c.kind.value, len(c.accounts), len(c.posts), f"{c.score:.2f}", c.first_at)
            for c in clusters
        ]
        print_table("Klaster terkoordinasi", ["id", "jenis", "akun", "post", "skor", "mulai"], rows)


@app.command("detect")
def detect(
    source: Path | None = typer.Option(
        None, "--in", help="posts JSONL (specs/posts-jsonl.md); tanpa ini: post di basis data"
    ),
    window: int | None = typer.Option(
        None, "--window", help="jendela waktu (detik) untuk semua jenis; default: diperkirakan dari data"
    ),
    fmt: str = typer.Option("json", "--format", help="json | graphml | text"),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="hitung ulang seluruh keadaan dari post pertama (mode basis data)"
    ),
    engine: str = ENGINE,
    address: str | None = ADDRESS,
) -> None:
    """Cari klaster akun terkoordinasi di berkas JSONL atau di post baru dalam basis data."""
    if fmt not in ("json", "graphml", "text"):
        raise InputError(InputProblem("--format", "harus json, graphml atau text", field="format"))
    config = _config(window)
    choice = engine_choice(engine, address)
    with open_engine(choice) as runner, progress() as bar:
        task = bar.add_task("koordinasi", total=4 if source is not None else 2)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=name)

        if source is not None:
            result = detect_file(read_posts_jsonl(source), config, runner, progress=step)
            clusters, windows, future = list(result.clusters), result.windows, result.stats.future_posts
        else:
            run = detect_in_store(get_app(), config=config, rebuild=rebuild, actor=cli_actor(), progress=step)
            clusters, windows, future = list(run.clusters), run.windows, run.stats.future_posts
    if future:
        err.print(f"peringatan: {future} post bertanggal lebih dari sehari setelah sekarang (tetap dihitung)")
    err.print(f"{len(clusters)} klaster; jendela (detik): {json.dumps(windows)}")
    _print(clusters, fmt, windows if fmt == "json" else None)


@app.command("list")
def list_command(
    kind: Kind | None = typer.Option(
        None, "--kind", help="near_duplicate_text | co_link | co_hashtag | co_repost"
    ),
    min_score: float = typer.Option(0.0, "--min-score"),
    limit: int = typer.Option(50, "--limit"),
    fmt: str = typer.Option("text", "--format", help="text | json"),
) -> None:
    """Daftar klaster tersimpan, skor tertinggi dahulu."""
    rows = list_clusters(get_app(), kind=kind, min_score=min_score, limit=limit)
    if fmt == "json":
        emit_json({"clusters": [asdict(r) | {"kind": r.kind.value} for r in rows]})
        return
    table = [
        (r.id, r.kind.value, r.n_accounts, r.n_posts, f"{r.score:.2f}", r.registered_accounts) for r in rows
    ]
    print_table("Klaster tersimpan", ["id", "jenis", "akun", "post", "skor", "akun terdaftar"], table)


@app.command("show")
def show(cluster_id: str, fmt: str = typer.Option("text", "--format", help="text | json")) -> None:
    """Rincian satu klaster: akun (terdaftar atau tidak), post, skor."""
    detail = get_cluster(get_app(), cluster_id)
    if fmt == "json":
        emit_json(
            {
                "cluster": as_cluster(detail).to_contract(),
                "accounts": [asdict(a) for a in detail.accounts],
                "features": detail.features,
                "items": list(detail.items),
                "paslon": list(detail.row.paslon_ids),
            }
        )
        return
    row = detail.row
    err.print(f"{row.id} {row.kind.value} skor {row.score:.2f}, {row.n_accounts} akun, {row.n_posts} post")
    print_table(
        "Akun",
        ["akun", "handle", "paslon (terdaftar)"],
        [(a.account, a.handle, a.registered_paslon_id or "tidak terdaftar") for a in detail.accounts],
    )
    print_table(
        "Post", ["waktu", "akun", "teks"], [(p.created_at, p.author_id, p.text[:80]) for p in detail.posts]
    )


@app.command("export")
def export(
    cluster_ids: list[str] = typer.Argument(None, help="id klaster; kosong: semua"),
    fmt: str = typer.Option("graphml", "--format", help="graphml | gexf | png"),
    out: Path = typer.Option(..., "--out", help="berkas keluaran"),
) -> None:
    """Ekspor jaringan klaster tersimpan untuk Gephi (GraphML/GEXF) atau sebagai gambar PNG."""
    clusters = stored_clusters(get_app(), cluster_ids or None)
    if fmt == "png":
        out.write_bytes(network_png(clusters))
    elif fmt in ("graphml", "gexf"):
        write_network(clusters, out, fmt)
    else:
        raise InputError(InputProblem("--format", "harus graphml, gexf atau png", field="format"))
    err.print(f"{len(clusters)} klaster ditulis ke {out}")


@app.command("open-case")
def open_case(cluster_id: str, user: str = AS_USER, fmt: Format = FORMAT) -> None:
    """Buka klaster sebagai temuan (perkara) dan ambil setiap post-nya sebagai bukti; aman diulang."""
    core, who = get_app(), principal(user)
    size = len(get_cluster(core, cluster_id).posts)
    with progress() as bar:
        task = bar.add_task("bukti", total=size)
        result = open_case_from_cluster(core, who, cluster_id, advance=lambda n: bar.advance(task, n))
    print_escalation(result, fmt)

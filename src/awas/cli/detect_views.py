"""How `awas detect` shows results to people (tables on stdout, Bahasa Indonesia labels)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from awas.cli.output import out, print_table
from awas.detect.service import Explanation
from awas.timeutil import to_wib


def print_summary(payload: dict[str, Any]) -> None:
    out.print(
        f"{payload['posts']} unggahan diperiksa, {payload['findings']} temuan ({payload['detector_version']})"
    )
    rows = sorted(payload["by_category"].items())
    if rows:
        print_table("Temuan per kategori", ("kategori", "jumlah"), rows)


def _short(text: str | None, size: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def print_findings_table(rows: list[dict[str, Any]]) -> None:
    print_table(
        "Temuan deteksi",
        ("id", "kategori", "skor", "unggahan", "paslon", "penanganan", "status", "teks"),
        [
            (
                r["id"],
                r["category"],
                f"{r['score']:.2f}",
                r["subject_id"],
                r["paslon_id"] or "",
                r["handler"] or "",
                r["review_status"],
                _short(r["text"]),
            )
            for r in rows
        ],
    )


def print_explanation(explanation: Explanation) -> None:
    post = explanation.post
    out.print(
        f"[bold]Unggahan {escape(post.platform)}:{escape(post.post_id)}[/] "
        f"(id {explanation.post_pk}, tahap {explanation.stage})"
    )
    out.print(
        f"Akun: {post.author_handle or post.author_id}  Waktu: {to_wib(post.created_at):%Y-%m-%d %H:%M} WIB",
        markup=False,
    )
    out.print(f"Teks: {_short(post.text, 400)}", markup=False, highlight=False)
    if not explanation.fresh:
        out.print("Tidak ada dugaan pelanggaran yang terdeteksi.")
    review = {r["category"]: r for r in explanation.stored}
    for finding in explanation.fresh:
        stored = review.get(finding.category)
        status = f", tinjauan: {stored['review_status']} (temuan {stored['id']})" if stored else ""
        out.print(f"\n[bold]{finding.category}[/] skor {finding.score:.2f}{status}")
        out.print(f"  Dasar hukum: {'; '.join(finding.legal_basis) or '-'}", markup=False)
        also = finding.details.get("also_notify") or []
        out.print(
            f"  Penanganan: {finding.handler or '-'}{' (juga: ' + ', '.join(also) + ')' if also else ''}"
        )
        if finding.paslon_id or finding.election_id:
            out.print(f"  Terkait: {finding.paslon_id or finding.election_id}")
        for span in finding.evidence:
            where = f" [{span.start}:{span.end}]" if span.start is not None else ""
            weight = f" ({span.weight:.2f})" if span.weight is not None else ""
            quoted = f' "{span.text}"' if span.text else ""
            out.print(
                f"  - {span.kind}:{quoted}{where}{weight} {span.detail or ''}", markup=False, highlight=False
            )

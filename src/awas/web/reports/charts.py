"""Charts for reports (matplotlib, Agg backend, imported lazily: it takes half a second to load).

Each function returns a `data:image/png;base64,...` URI, so the same HTML works in the browser (CSP
allows `data:` images) and in WeasyPrint without files on disk.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import date
from typing import Any


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _to_uri(fig: Any) -> str:
    from matplotlib import pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def daily_bars(days: Sequence[date], counts: Sequence[int], title: str) -> str:
    fig, ax = _figure(6.4, 2.4)
    ax.bar([d.strftime("%d/%m") for d in days], counts, color="#e6550d")
    ax.set_title(title, fontsize=10)
    ax.tick_params(axis="x", labelsize=7, rotation=45)
    ax.tick_params(axis="y", labelsize=7)
    return _to_uri(fig)


def horizontal_bars(
    labels: Sequence[str], counts: Sequence[int], title: str, colors: Sequence[str] | None = None
) -> str:
    fig, ax = _figure(6.4, max(1.6, 0.28 * len(labels) + 0.8))
    ax.barh(list(labels)[::-1], list(counts)[::-1], color=list(colors)[::-1] if colors else "#fd8d3c")
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=7)
    return _to_uri(fig)

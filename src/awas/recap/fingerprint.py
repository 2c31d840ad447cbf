"""Klimek turnout × vote-share fingerprint (F06) as PNG images, one per kab/kota (matplotlib, Agg)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def render_fingerprints(
    prints: dict[str, dict[str, np.ndarray]], folder: Path, names: dict[str, str], race: str
) -> list[Path]:
    """Write `<folder>/sidik-jari-<race>-<kab>.png` for every kab/kota; return the paths written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kab, data in sorted(prints.items()):
        fig, ax = plt.subplots(figsize=(4.2, 3.8), dpi=110)
        image = ax.imshow(
            data["hist"].T, origin="lower", extent=(0, 100, 0, 100), cmap="magma_r", aspect="auto"
        )
        winner = str(data["winner"][0]).removeprefix("paslon_")
        ax.set_xlabel("Partisipasi (%)")
        ax.set_ylabel(f"Suara paslon {winner} (%)")
        ax.set_title(f"{names.get(kab, kab)} ({kab}) — {int(data['turnout'].size)} TPS", fontsize=9)
        fig.colorbar(image, ax=ax, label="jumlah TPS")
        fig.text(
            0.01, 0.01, "Skrining, bukan bukti: dipengaruhi keragaman wilayah.", fontsize=6, color="#555"
        )
        fig.tight_layout()
        path = folder / f"sidik-jari-{race}-{kab}.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written

"""PNG charts of computed indicators (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from io import BytesIO

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator


def bar_chart(title: str, points: list[tuple[str, int | None]]) -> bytes:
    labels = [label for label, _ in points]
    values = [value or 0 for _, value in points]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    try:
        bars = ax.bar(labels, values, color="#1f5fa8")
        ax.bar_label(bars, labels=[str(v) if v is not None else "–" for _, v in points], fontsize=9)
        ax.set_title(title, fontsize=11, wrap=True)
        ax.spines[["top", "right"]].set_visible(False)
        locator = ax.yaxis.get_major_locator()
        if isinstance(locator, MaxNLocator):  # the default AutoLocator is one
            locator.set_params(integer=True)
        ax.margins(y=0.15)
        fig.tight_layout()
        buf = BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)

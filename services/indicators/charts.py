"""PNG charts of computed indicators (matplotlib's Agg renderer: no display needed).

`bar_chart` takes ~0.1 s of CPU: run it with `core.offload.run`. This module
imports nothing heavy at the top, so the worker process that draws loads only
matplotlib, and the bot itself never does.
"""

from __future__ import annotations

from io import BytesIO


def bar_chart(title: str, points: list[tuple[str, int | None]]) -> bytes:
    # A Figure of its own rather than pyplot: no global figure registry to clean up, no backend to select.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [label for label, _ in points]
    values = [value or 0 for _, value in points]
    fig = Figure(figsize=(8, 4.5), dpi=100)
    ax = fig.subplots()
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

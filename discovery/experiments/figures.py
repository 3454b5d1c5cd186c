"""What the experiments' plot modules share: grouped bars, axis labels, writing and closing a figure.

Every experiment plot is a matplotlib figure written as a 110-dpi PNG; the caller chooses the
backend (the CLI uses Agg, a notebook keeps its own).

>>> import io
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 2)); ax = fig.subplots()
>>> grouped_bars(ax, [0, 1], {"data": [1.0, 2.0], "surrogate": [1.5, 2.5]}, 0.4)
>>> label_axes(ax, "source", "bits", "demo", fontsize=6)
>>> buf = io.BytesIO(); save_figure(fig, buf); buf.getvalue()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

from typing import Any, Sequence


def grouped_bars(ax: Any, x: Sequence[float], series: dict[str, Sequence[float]], width: float) -> None:
    """One bar per series at each ``x``, side by side: series ``i`` of ``k`` is shifted by
    ``(i - (k - 1)/2) * width``, so the group is centred on ``x``; the series names are the labels."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    k = len(series)
    for i, (label, values) in enumerate(series.items()):
        ax.bar(x + (i - (k - 1) / 2) * width, values, width, label=label)


def label_axes(ax: Any, xlabel: str | None = None, ylabel: str | None = None, title: str | None = None,
               **legend: Any) -> None:
    """Name the x axis, the y axis and the panel of ``ax`` (each when given), then draw its legend
    with the options ``legend`` (e.g. ``fontsize``)."""
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.legend(**legend)


def save_figure(fig: Any, path: Any, rect: tuple[float, float, float, float] | None = None) -> None:
    """Tight-lay out ``fig`` (inside ``rect``, figure coordinates, when given), write it to ``path``
    as a PNG at 110 dpi and close it."""
    import matplotlib.pyplot as plt

    if rect is None:
        fig.tight_layout()
    else:
        fig.tight_layout(rect=rect)
    fig.savefig(path, dpi=110)
    plt.close(fig)

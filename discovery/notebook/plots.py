"""Plots of a conjecture: correct digits against the number of partial quotients used.

>>> from matplotlib.figure import Figure
>>> from discovery.notebook.conjecture import Conjecture
>>> euler = Conjecture({"constant": "e", "lhs": "c - 1", "lhs_num": [-1, 1], "lhs_den": [1], "signs": "+",
...                     "transient": [], "channel_coefficients": [["1"], ["1"], ["2", "2"]]})
>>> ax = plot_convergence(euler, 12, ax=Figure().subplots(), simple=False)
>>> len(ax.lines), ax.get_xlabel(), ax.lines[0].get_label()
(1, 'partial quotients used', 'c - 1 (signs +)')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .conjecture import Conjecture

__all__ = ["plot_convergence"]


def plot_convergence(conj: Conjecture, terms: int = 60, ax: Any = None, simple: bool = True,
                     label: str | None = None) -> Any:
    """Plot digits vs terms for a conjecture (:meth:`Conjecture.convergence`) and, with ``simple``,
    for the simple CF of the same value (:meth:`Conjecture.simple_convergence`, dashed).

    Draws on ``ax`` (default: a new pyplot figure) and returns the matplotlib Axes.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4))
    xs, ys = zip(*conj.convergence(terms))
    line, = ax.plot(xs, ys, label=label or f"{conj.lhs} (signs {conj.signs})")
    if simple:
        sx, sy = zip(*conj.simple_convergence(terms))
        ax.plot(sx, sy, linestyle="--", color=line.get_color(), alpha=0.6, label="simple CF of the same value")
    ax.set_xlabel("partial quotients used")
    ax.set_ylabel("correct decimal digits")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax

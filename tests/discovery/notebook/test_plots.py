"""discovery/notebook/plots.py: the convergence plot."""

from __future__ import annotations

from discovery import notebook as nb


def test_plot_convergence(euler):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = nb.plot_convergence(euler, 20)
    assert len(ax.lines) == 2
    assert [len(line.get_xdata()) for line in ax.lines] == [20, 20]
    assert ax.lines[1].get_linestyle() == "--" and ax.lines[1].get_color() == ax.lines[0].get_color()
    ax = nb.plot_convergence(euler, 10, ax=plt.subplots()[1], simple=False, label="Euler")
    assert [line.get_label() for line in ax.lines] == ["Euler"]
    plt.close("all")

"""What every ``esma experiment`` command shares: common options, printing, plotting, saving a run.

An experiment function returns a JSON-ready ``dict`` of results; :func:`finish` prints it (text or
JSON), writes the plot when asked, and stores the run (name, parameters, results, versions) in
the database with ``--save``.  Only click is imported at module level.

>>> import click
>>> cmd = click.command("demo")(common_options(lambda fmt, plot_path, save, db_url: None))
>>> [p.name for p in cmd.params]
['fmt', 'plot_path', 'save', 'db_url']
"""

from __future__ import annotations

import json
import platform
from typing import Any, Callable

import click

from discovery.cli.options import output_file

COMMON_OPTIONS = [
    click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                 help="Output format."),
    click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None, callback=output_file,
                 help="Write a PNG plot to this file."),
    click.option("--save", is_flag=True, help="Store the run (parameters, results, versions) in the database."),
    click.option("--db", "db_url", default=None, metavar="URL", help="Database for --save (default: $ESMA_DB ...)."),
]


def common_options(f: Callable) -> Callable:
    """Decorate an experiment command with --format, --plot, --save and --db."""
    for opt in reversed(COMMON_OPTIONS):
        f = opt(f)
    return f


def versions() -> dict[str, str]:
    """Versions of esma, Python and the numeric libraries, stored with a saved run.

    >>> versions()["python"] == platform.python_version()
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("esma", "numpy", "numba", "mpmath", "gmpy2"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def finish(name: str, params: dict[str, Any], results: dict[str, Any], fmt: str, text: Callable[[dict], str],
           plot: Callable[[dict, str], None] | None, plot_path: str | None, save: bool, db_url: str | None) -> None:
    """Plot, save and print one experiment run.

    ``text(results)`` is the text report, ``plot(results, path)`` writes the PNG (drawn with the
    Agg backend); with ``fmt == "json"`` one JSON document ``{experiment, parameters, results[,
    saved_run]}`` is printed instead of the text.
    """
    if plot_path:
        if plot is None:
            raise click.ClickException(f"the {name} experiment has no plot")
        import matplotlib

        matplotlib.use("Agg")
        plot(results, plot_path)
    run_id = None
    if save:
        from db import repository as repo
        from db.engine import open_db

        db = open_db(db_url)
        try:
            run_id = repo.save_experiment_run(db, name, params, json.loads(json.dumps(results, default=str)),
                                              versions())
        finally:
            db.close()
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json({"experiment": name, "parameters": params, "results": results,
                   **({"saved_run": run_id} if run_id is not None else {})})
    else:
        click.echo(text(results))
        if plot_path:
            click.echo(f"plot written to {plot_path}")
        if run_id is not None:
            click.echo(f"saved as experiment run {run_id}")

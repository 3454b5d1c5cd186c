"""``esma search``: run an ESMA search in the foreground on a process pool."""

from __future__ import annotations

import sys

import click

from discovery.cli.options import DB, TABLE_FORMAT, database, emit_records, output_file, show_command
from discovery.cli.errors import user_errors
from search.space.limits import DEFAULT_MAX_PAIRS  # plain Python: no engine import at start-up


@click.group()
def search() -> None:
    """Search for signed continued-fraction formulas of a constant."""


def _member_lines(records: list[dict]) -> list[str]:
    """Every row in full (``--all-members``): formula, value, pattern, LaTeX, digits and rates."""
    lines = []
    for r in records:
        mark = "known" if r["known"] else "NEW"
        best = "" if r["best_in_family"] else "  (family member)"
        lines.append(f"{r['lhs']} = SICF signs {r['signs']!r}   [{mark}, family {r['family']}]{best}")
        lines.append(f"    value {r['lhs_value']}")
        tr = f"transient {r['transient']}, " if r["transient"] else ""
        lines.append(f"    {tr}period {r['period']}: " + ", ".join(r["channels"]))
        lines.append(f"    {r['pattern_latex']}")
        simple = f" (simple CF {r['simple_rate']:.3f})" if r.get("simple_rate") else ""
        lines.append(
            f"    verified to {r['verified_digits']} digits; {r['rate']:.3f} digits/term{simple}; "
            f"recurrence length {r['recurrence_length']}"
        )
    return lines


def _format_text(records: list[dict], stats: dict, all_members: bool = False, best_per_family: bool = False) -> str:
    """One line per (constant, family) and a family count; every row with ``all_members``; then the run's line."""
    from discovery.cli.families import family_line, sort_families, summarize, summary_line

    if all_members:
        lines = _member_lines([r for r in records if r["best_in_family"]] if best_per_family else records)
    else:
        families = sort_families(summarize(records), "simplicity")
        lines = [family_line(f) for f in families] + [summary_line(families, len(records))]
    if stats["pairs"] == 0 and not stats["interrupted"] and not stats.get("units_leased_elsewhere"):
        lines.append(f"the search was already complete: {stats['verified']} verified conjectures, nothing screened now")
    else:
        lines.append(
            f"{stats['pairs']:,} pairs screened, {stats['hits']} hits, {stats['verified']} verified "
            f"in {stats['seconds']:.1f} s ({stats['pairs_per_second'] or 0:,.0f} pairs/s)"
            + ("  -- interrupted, partial results" if stats["interrupted"] else "")
        )
    return "\n".join(lines)


def _family_fields(records: list[dict]) -> list[dict]:
    """The families of the JSON document: key, best member (formula), members, known, proved (and from
    which classical formula), best rate."""
    from discovery.cli.families import sort_families, summarize

    keys = ("constant", "family", "lhs", "signs", "transient", "channels", "verified_digits", "members",
            "known", "known_as", "proved", "proved_from", "best_rate")
    return [{k: f[k] for k in keys} for f in sort_families(summarize(records), "simplicity")]


def executor_options(f):
    """``--executor local|dask`` and ``--scheduler tcp://HOST:PORT|local`` (shared with ``esma daemon start``)."""
    f = click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="With --executor dask: a scheduler address tcp://HOST:PORT, or 'local' (the default) "
                          "for an in-process cluster of --workers processes.")(f)
    f = click.option("--executor", "executor_kind", type=click.Choice(["local", "dask"]), default="local",
                     show_default=True, help="Where work units run: the local process pool or a Dask cluster.")(f)
    return f


def check_executor_options(executor_kind: str, scheduler: str | None) -> None:
    from search.execution.executors import ExecutorError, check_options

    try:
        check_options(executor_kind, scheduler)
    except ExecutorError as exc:
        raise click.UsageError(str(exc)) from None


def _space_options(f):
    opts = [
        click.argument("constant"),
        click.option("--degree", "-d", type=int, default=1, show_default=True, help="Degree of P and Q in LHS = P(c)/Q(c)."),
        click.option("--coeff-limit", "-L", type=int, default=2, show_default=True, help="Coefficients range over [-L, L]."),
        click.option("--periods", "-p", default="1-2", show_default=True, help="Sign-period lengths, 'A-B' or 'A'."),
        click.option("--depth", type=int, default=100, show_default=True, help="Terms extracted per pair for Berlekamp-Massey."),
        click.option("--approve-ratio", type=float, default=0.25, show_default=True, help="Approve recurrences shorter than ratio*depth."),
        click.option("--min-digits", type=int, default=100, show_default=True, help="Reject conjectures verified to fewer digits."),
        click.option("--check-digits", type=int, default=1000, show_default=True, help="Validation precision (digits)."),
        click.option("--max-pairs", type=int, default=DEFAULT_MAX_PAIRS, show_default=True, help="Refuse larger spaces unless --yes is given."),
        click.option("--yes", "-y", is_flag=True, help="Run even above --max-pairs."),
        DB,
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _prepare(constant, degree, coeff_limit, periods, depth, approve_ratio, min_digits, check_digits,
             max_pairs, yes, workers, announce=True, warm=False):
    """Validate everything and apply the size guard before any work starts; with ``warm``, compile the
    kernels the search needs, in parallel, if they are not in Numba's cache yet."""
    import os

    from search.execution.runner import default_unit_size, kernels_cached, plan
    from search.space.spec import build_search

    if workers is not None and workers < 1:
        raise click.BadParameter("the number of workers must be at least 1", param_hint="--workers")
    space, config = build_search(constant, degree, coeff_limit, periods, depth, approve_ratio,
                                 min_digits, check_digits, max_pairs=None if yes else max_pairs,
                                 too_large_hint="raise --max-pairs or pass --yes to run it")
    pairs, units = plan(space)
    w = max(1, min(workers or os.cpu_count() or 1, len(units)))  # never more processes than units
    if announce and pairs >= ANNOUNCE_PAIRS:
        click.echo(f"search space: {pairs:,} pairs in {len(units)} units on {w} workers (the progress bar "
                   "measures the rate and the time left as units finish)", err=True)
    unit_size = default_unit_size(pairs, len(space.periods))
    from search.pipeline.stages import TAILS_MIN_PAIRS

    shared_tails = unit_size >= TAILS_MIN_PAIRS
    if warm and not kernels_cached(shared_tails=shared_tails):
        from search.execution.warmup import compile_in_parallel, needed

        cores = os.cpu_count() or 1
        click.echo(f"compiling the Numba kernels on {cores} core{'s' if cores != 1 else ''} (first run after "
                   "installing, once; `esma warm-up` compiles them all)", err=True)
        compile_in_parallel(needed(space.degree, shared_tails))
    return space, config, units, unit_size, w


POOL_PAIRS = 50_000
"""Below this many pairs ``search run`` works in this process whatever ``--workers`` says: starting
worker processes and loading the kernels in each (about half a second) costs more than sharing
a fraction of a second of screening saves.  A 264-pair search took 3.6 s with the pool, 3.2 s without."""

ANNOUNCE_PAIRS = 100_000
"""Spaces from this size on are announced (with a time estimate for ``search run``)."""
ESTIMATE_PAIRS = 4_096
"""Spaces from this size on get a measured time estimate, printed when it is long or the space is large."""


def _announce_estimate(space, config, units, workers: int, executor_kind: str, scheduler: str | None) -> None:
    """Measure the rate on a sample of the space and print the extrapolated time (see :mod:`.estimate`)."""
    from discovery.cli.estimate import estimate

    pairs = sum(len(u) for u in units)
    if pairs < ESTIMATE_PAIRS:
        return
    remote = executor_kind == "dask" and scheduler not in (None, "local")
    try:
        est = estimate(space, config)
    except KeyboardInterrupt:
        click.echo("Interrupted while measuring the search's speed on a sample: nothing was run or stored.",
                   err=True)
        sys.exit(130)
    if remote:
        workers = 1
    if pairs < ANNOUNCE_PAIRS and est.seconds(workers) < 10:
        return
    plural = "s" if workers != 1 else ""
    where = "of CPU time on one core (the cluster's workers share it)" if remote else \
        f"on {workers} worker{plural} with free cores"
    click.echo(f"search space: {pairs:,} pairs in {len(units)} units; {est.text(workers, where)}", err=True)


@search.command()
@_space_options
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=None,
              help="Worker processes (default: all cores; never more than the search has work units; "
                   "a space below 50,000 pairs runs in this process).")
@click.option("--best-per-family", is_flag=True,
              help="Keep only the best member of each family (JSON; text with --all-members).")
@click.option("--all-members", is_flag=True,
              help="Text: print every verified formula in full, not one line per family.")
@click.option("--no-store", is_flag=True, help="Do not use the database (results are only printed).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, callback=output_file,
              help="Also write the JSON document to FILE (its folder must exist).")
@executor_options
@user_errors
def run(constant: str, degree: int, coeff_limit: int, periods: str, depth: int, approve_ratio: float,
        min_digits: int, check_digits: int, max_pairs: int, yes: bool, db_url: str | None,
        workers: int | None, best_per_family: bool, all_members: bool, no_store: bool, fmt: str,
        out: str | None, executor_kind: str = "local", scheduler: str | None = None) -> None:
    """Search LHS = P(c)/Q(c) and sign periods for continued-fraction formulas of CONSTANT.

    CONSTANT is a name (e, pi, zeta3, ...) or an expression such as "tan(1)" or
    "besseli(1,2)/besseli(0,2)".  Every printed conjecture holds to at least --min-digits digits
    (the digits it claims): checked against the LHS at high precision, or, for a later member
    of a family, derived exactly from a member that was (its validation field says which).
    Results are stored in the database (see --db); running the same search again resumes it
    and stores nothing twice.

    Formulas whose continued fractions share a tail form a family (one discovery): the text
    output has one line per family (its best member, members, known/new, best rate);
    --all-members prints every formula.  JSON keeps every formula with its family fields.

    With --executor dask the units run on a Dask cluster (--scheduler tcp://HOST:PORT, or an
    in-process cluster of --workers processes); this process still stores every result.
    """
    check_executor_options(executor_kind, scheduler)
    space, config, units, unit_size, w = _prepare(constant, degree, coeff_limit, periods, depth, approve_ratio,
                                                  min_digits, check_digits, max_pairs, yes, workers, announce=False,
                                                  warm=True)
    if executor_kind == "local" and space.pair_count() < POOL_PAIRS:
        w = 1  # a pool would cost more than it saves (see POOL_PAIRS)
    _announce_estimate(space, config, units, w, executor_kind, scheduler)
    from discovery.cli.progress import Progress

    bar = Progress("pairs", label=f"search {space.constant}")

    def progress(done: int, total: int, verified: int) -> None:
        bar(done, total, verified=verified)
    executor = None
    if executor_kind != "local":
        from search.execution.executors import make_executor

        executor = make_executor(executor_kind, w, scheduler)
    elif w == 1:  # no pool of one process to start: the units run here
        from search.execution.executors import InlineExecutor

        executor = InlineExecutor()
    try:
        if no_store:
            from search.execution.runner import run_search

            result = run_search(space, config, workers=w, progress=progress, executor=executor)
            records = result.records
            stats = result.stats_dict()
            interrupted = result.interrupted
            search_info: dict = {}
        else:
            records, stats, interrupted, search_info = _run_stored(db_url, space, config, units, unit_size, w,
                                                                   progress, executor)
    finally:
        bar.close()
        if executor is not None:
            executor.shutdown()
    if stats.get("resumed_units_done") and stats["pairs"]:
        click.echo(f"resumed search {search_info.get('search_id')}: {stats['resumed_units_done']} of "
                   f"{stats['units_total']} units were done before this run", err=True)
    if stats.get("units_leased_elsewhere"):
        click.echo(f"warning: search {search_info.get('search_id')} is not complete: "
                   f"{stats['units_leased_elsewhere']} units are leased by other running processes "
                   "(a daemon or another esma search run); run it again later or see `esma search show`",
                   err=True)
    rows = [r for r in records if r["best_in_family"]] if best_per_family else records
    doc = {"search": {**space.spec(), **config.as_dict(), **search_info}, "results": rows,
           "families": _family_fields(records), "stats": stats}
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(doc)
    else:
        click.echo(_format_text(records, stats, all_members, best_per_family))
    if out:
        _write_document(out, doc)
    if interrupted:
        sys.exit(130)


def _write_document(out: str, doc: dict) -> None:
    import json

    try:
        with open(out, "w") as fh:
            json.dump(doc, fh, indent=2, default=str)
    except OSError as exc:
        raise click.ClickException(f"Could not write {out} ({exc.strerror}); the results were printed "
                                   "above.") from None


def _run_stored(db_url, space, config, units, unit_size, workers, progress, executor=None):
    from db.engine import redact
    from discovery.service.stored import run_stored

    with database(db_url) as db:
        run = run_stored(db, space, config, workers, "run", units, unit_size, executor, progress)
    return run.records, run.stats, run.interrupted, {"search_id": run.search_id, "database": redact(db.url)}


@search.command()
@_space_options
@click.option("--priority", type=int, default=0, show_default=True, help="Higher runs first.")
@user_errors
def submit(constant: str, degree: int, coeff_limit: int, periods: str, depth: int, approve_ratio: float,
           min_digits: int, check_digits: int, max_pairs: int, yes: bool, db_url: str | None, priority: int) -> None:
    """Queue a search for the daemon (`esma daemon start`) and print its id."""
    space, config, units, unit_size, _ = _prepare(constant, degree, coeff_limit, periods, depth, approve_ratio,
                                                  min_digits, check_digits, max_pairs, yes, None)
    from discovery.service.stored import register_search

    with database(db_url) as db:
        sid, created = register_search(db, space, config, units, unit_size, priority)
    word = "queued" if created else "already exists"
    click.echo(f"search {sid} {word}: {space.constant}, degree {space.degree}, L = {space.coeff_limit}, "
               f"periods {space.j_min}-{space.j_max}, {sum(u.stop - u.start for u in units):,} pairs in {len(units)} units")


SEARCH_COLUMNS = ["id", "constant", "status", "units_done", "units_total", "pairs_done", "pairs_total", "verified", "created_at"]


@search.command("list")
@DB
@TABLE_FORMAT
@user_errors
def list_(db_url: str | None, fmt: str) -> None:
    """List the searches in the database."""
    from db import repository as repo

    with database(db_url, create=False) as db:
        rows = repo.list_searches(db)
    emit_records(rows, SEARCH_COLUMNS, fmt)


def _search_document(db, search_id: int) -> dict:
    from db import repository as repo

    return {**repo.get_search(db, search_id), "progress": repo.search_progress(db, search_id)}


show = show_command("show", _search_document, "Show a search: specification, progress, counts and timing.")
search.add_command(show)


def _state_command(name: str, action: str, word: str, doc: str) -> click.Command:
    """``esma search <name> ID``: one repository state change on a stored search."""

    @search.command(name, help=doc)
    @click.argument("search_id", type=int)
    @DB
    @user_errors
    def command(search_id: int, db_url: str | None) -> None:
        _change_state(search_id, db_url, action, word)

    return command


cancel = _state_command("cancel", "cancel_search", "cancelled",
                        "Cancel a queued or running search (daemons stop leasing its units).")
resume = _state_command("resume", "resume_search", "queued",
                        "Queue a cancelled search again (its finished units are kept).")


def _change_state(search_id: int, db_url: str | None, action: str, word: str) -> None:
    from db import repository as repo

    with database(db_url, create=False) as db:
        getattr(repo, action)(db, search_id)
    click.echo(f"search {search_id} {word}")

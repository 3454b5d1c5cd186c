"""``esma conjectures``: query the stored conjectures."""

from __future__ import annotations

import click

from discovery.cli.options import DB, TABLE_FORMAT, database, emit_records
from discovery.cli.errors import user_errors

LIST_COLUMNS = ["id", "constant", "lhs", "signs", "transient", "period", "channels", "verified_digits", "rate",
                "family", "best_in_family", "known", "known_as", "proof_status"]
FAMILY_COLUMNS = ["constant", "best_id", "lhs", "pattern", "signs", "members", "status", "proof", "best_rate",
                  "digits"]
EXPORT_COLUMNS = ["id", "constant", "lhs", "lhs_value", "signs", "transient", "period", "channels",
                  "recurrence_length", "verified_digits", "rate", "simple_rate", "family", "best_in_family",
                  "known", "known_as", "proof_status", "proof_source", "proof_note", "search_id", "created_at"]
"""CSV stays flat: the proof's status, source formula and note; JSON has every field, the
``proof`` with its certificate included."""


@click.group()
def conjectures() -> None:
    """List, show and export the conjectures stored in the database."""


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """click's FloatRange lets NaN through (every comparison with NaN is false)."""
    import math

    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number of digits per term")
    return value


def _filters(f):
    opts = [
        click.option("--constant", default=None, help="Only this constant (name or expression)."),
        click.option("--new", "only_new", is_flag=True, help="Only results not matching a classical formula."),
        click.option("--known", "only_known", is_flag=True, help="Only results matching a classical formula."),
        click.option("--min-digits", type=click.IntRange(min=0), default=None, help="At least this many verified digits."),
        click.option("--min-rate", type=click.FloatRange(min=0.0), default=None, callback=_finite,
                     help="At least this many digits per term."),
        click.option("--best-per-family", is_flag=True, help="Only the best member of each family."),
        click.option("--proved", "only_proved", is_flag=True,
                     help="Only proved results (a checked certificate); the table: proved families."),
        click.option("--open", "only_open", is_flag=True,
                     help="Only results that are not proved (verified by digits); the table: open families."),
        click.option("--sort", type=click.Choice(["digits", "rate", "simplicity", "created"]), default="digits",
                     show_default=True),
        click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N rows."),
        DB,
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _canonical(db, constant: str | None) -> str | None:
    """The stored name of the constant the user wrote: by name or alias, else by value.

    ``"tan( 1 )"`` is ``tan(1)``; ``"e^(1/2)"`` finds the constant stored as ``exp(1/2)`` (or
    ``sqrt(e)``) by its value even if that spelling was never stored.
    """
    if constant is None:
        return None
    from db import repository as repo
    from discovery.service.constants import canonical_constant
    from search.expressions import parse_expression

    name = str(parse_expression(constant))
    return repo.find_constant(db, name) or canonical_constant(db, constant) or name


def _proved(only_proved: bool, only_open: bool) -> bool | None:
    """The proof filter of --proved / --open (None: both)."""
    if only_proved and only_open:
        raise click.BadParameter("--proved and --open exclude each other")
    return True if only_proved else (False if only_open else None)


def _with_source(rows: list[dict]) -> list[dict]:
    """Each row with ``proof_source``: the registry formula its proof follows from (None if not proved)."""
    from discovery.cli.families import proof_source

    for row in rows:
        row["proof_source"] = proof_source(row)
    return rows


def _query(db_url, constant, only_new, only_known, min_digits, min_rate, best_per_family, sort, limit,
           proved=None):
    from db import repository as repo

    if only_new and only_known:
        raise click.BadParameter("--new and --known exclude each other")
    known = True if only_known else (False if only_new else None)
    with database(db_url, create=False) as db:
        return _with_source(repo.query_conjectures(
            db, constant=_canonical(db, constant), known=known, min_digits=min_digits, min_rate=min_rate,
            best_per_family=best_per_family, sort=sort, limit=limit, proved=proved))


def _families(db_url, constant, only_new, only_known, min_digits, min_rate, proved=None) -> tuple[list[dict], int]:
    """The families matching the filters and the number of conjectures they hold.

    Without row filters these are the database's own family summaries (every member counted);
    with --min-digits or --min-rate the matching rows are grouped here (members that pass).
    ``proved`` keeps the proved (True) or open (False) families: proved when the best member is.
    """
    from discovery.cli.families import summarize

    if min_digits is None and min_rate is None:
        from db import repository as repo

        known = True if only_known else (False if only_new else None)
        if only_new and only_known:
            raise click.BadParameter("--new and --known exclude each other")
        with database(db_url, create=False) as db:
            fams = repo.family_summaries(db, constant=_canonical(db, constant), known=known, proved=proved)
        return fams, sum(f["members"] for f in fams)
    rows = _query(db_url, constant, only_new, only_known, min_digits, min_rate, False, "simplicity", None)
    fams = [f for f in summarize(rows) if proved is None or f["proved"] == proved]
    return fams, sum(f["members"] for f in fams)


def _family_table(families: list[dict], rows: int, sort: str, limit: int | None) -> None:
    """One table row per (constant, family), in ``sort`` order, at most ``limit``; then the count."""
    from discovery.cli.families import pattern_text, proof_word, sort_families, status, summary_line
    from discovery.cli.output import table_text

    families = sort_families(families, sort)
    shown = families[:limit] if limit is not None else families
    table = [[f["constant"], f["id"], f["lhs"], pattern_text(f), repr(f["signs"]), f["members"], status(f),
              proof_word(f), f"{f['best_rate']:.4g}", f["verified_digits"]] for f in shown]
    click.echo(table_text(FAMILY_COLUMNS, table) if table else "(none)")
    more = f"; {len(shown)} shown (--limit)" if len(shown) < len(families) else ""
    click.echo(summary_line(families, rows) + more)


@conjectures.command("list")
@_filters
@click.option("--all-members", is_flag=True, help="Table: every conjecture, not one row per family.")
@TABLE_FORMAT
@user_errors
def list_(constant, only_new, only_known, min_digits, min_rate, best_per_family, only_proved, only_open, sort, limit,
          db_url, all_members, fmt) -> None:
    """List stored conjectures with filters.

    The table has one row per family (results for one constant whose continued fractions share
    a tail): its best member, the number of members, known/new, proved/open (a family is proved
    when its best member is) and the best rate; --sort orders
    the families by the best member's digits or simplicity, the best rate, or the newest best
    member, and --limit counts families.  --all-members lists every conjecture.  JSON and CSV
    give every conjecture with its family fields (--best-per-family keeps the best members) and
    its proof status (JSON: the proof itself, certificate included).  --proved and --open keep
    proved or open results (the table: families).
    """
    proved = _proved(only_proved, only_open)
    if fmt == "table" and not all_members:
        _family_table(*_families(db_url, constant, only_new, only_known, min_digits, min_rate, proved), sort, limit)
        return
    rows = _query(db_url, constant, only_new, only_known, min_digits, min_rate, best_per_family, sort, limit, proved)
    emit_records(rows, LIST_COLUMNS, fmt)


@conjectures.command()
@_filters
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@user_errors
def export(constant, only_new, only_known, min_digits, min_rate, best_per_family, only_proved, only_open, sort, limit,
           db_url, fmt) -> None:
    """Export conjectures (every field as JSON, the proof's certificate included; the main fields as CSV,
    with the proof's status, source formula and note)."""
    rows = _query(db_url, constant, only_new, only_known, min_digits, min_rate, best_per_family, sort, limit,
                  _proved(only_proved, only_open))
    emit_records(rows, EXPORT_COLUMNS, fmt)


@conjectures.command()
@click.argument("conjecture_id", type=int)
@DB
@click.option("--terms", type=click.IntRange(min=1, max=1000), default=20, show_default=True,
              help="First partial quotients to print.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@user_errors
def show(conjecture_id: int, db_url: str | None, terms: int, fmt: str) -> None:
    """Show one conjecture: formula (text and LaTeX), pattern, first terms, validation, proof, provenance.

    A stored proof is re-checked now by the independent checker, against this row's own claim
    (constant, LHS, signs, pattern): the output says whether the certificate (or, for a member
    derived from its family's representative, the representative's) is accepted, and gives the
    proof in words and LaTeX.  A result that is not proved says why.
    """
    from db import repository as repo
    from discovery.cli.proof_show import proof_lines, proof_report
    from search.pipeline.record import pattern_of

    with database(db_url, create=False) as db:
        rec = _with_source([repo.get_conjecture(db, conjecture_id)])[0]
        report = proof_report(db, rec)
    pattern = pattern_of(rec)
    first = pattern.a.terms(terms)
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json({**rec, "first_terms": first, "proof_check": report})
        return
    tag = f"known ({rec['known_as']})" if rec["known"] else "new"
    click.echo(f"#{rec['id']}  {rec['lhs']} = SICF with signs {rec['signs']!r}   [{tag}]")
    click.echo(f"constant:   c = {rec['constant']}")
    click.echo(f"value:      {rec['lhs_value']}")
    click.echo(f"pattern:    {pattern}")
    click.echo(f"first terms: {', '.join(map(str, first))}, ...")
    click.echo(f"LaTeX:      {rec['lhs_latex']} = {rec['pattern_latex']}")
    click.echo(f"recurrence: length {rec['recurrence_length']}, connection {' '.join(map(str, rec['connection']))}")
    click.echo(f"validation: {rec['verified_digits']} digits with {rec['validation_terms']} terms at "
               f"{rec['validation_digits']} digits; screened with {rec['depth']} terms, cascade {rec['cascade_terms']}")
    simple = rec.get("simple_rate")
    ratio = f" ({rec['rate'] / simple:.2f}x the simple CF's {simple:.3f})" if simple else ""
    click.echo(f"convergence: {rec['rate']:.4f} digits/term{ratio}")
    fam = "best member" if rec["best_in_family"] else "member"
    click.echo(f"family:     {rec['family']} ({fam})")
    for line in proof_lines(report):
        click.echo(line)
    click.echo(f"provenance: search {rec['search_id']}, unit {rec['unit']}, esma {rec['engine_version']}, {rec['created_at']}")


@conjectures.command()
@click.option("--constant", "-c", default=None, help="Only this constant (by name, alias or value).")
@DB
@user_errors
def prove(constant: str | None, db_url: str | None) -> None:
    """Prove the stored families that are not proved yet (rows stored before the prover, or after
    an upgrade), one member per family, and the members that follow exactly from it.

    Every proof is a certificate accepted by the independent checker; what cannot be proved keeps
    its status 'verified' and says why in its proof note.  Proved rows are not touched.
    """
    from discovery.cli.options import database
    from discovery.service.proofs import prove_stored

    with database(db_url) as db:
        name = _canonical(db, constant) if constant is not None else None
        counts = prove_stored(db, name)
    click.echo(f"{counts['families_proved']} of {counts['families']} families proved; "
               f"{counts['rows_proved']} rows proved, {counts['rows_open']} left open")

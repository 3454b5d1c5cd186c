"""Degree-2 screening on machine integers gives exactly what the exact big-integer path gives."""

from __future__ import annotations

import numpy as np
import pytest

import search.execution.runner as runner
import search.pipeline.stages as stages
from cf.bihomographic import DONE, bihomographic_batch, quadratic_coeffs
from cf.gosper import signs_array
from search.execution.runner import run_search
from search.pipeline.context import ConstantContext
from search.pipeline.stages import PipelineConfig, UnitStats, screen
from search.pipeline.terms import SCREEN_BITS, exact_terms
from search.space.lhs import RationalFunction, enumerate_classes
from search.space.units import SearchSpace


def _quadratic_rows(ctx: ConstantContext, coeff_limit: int) -> list[RationalFunction]:
    rows = []
    for rf in enumerate_classes(2, coeff_limit):
        sgn = ctx.sign_of(rf.num, rf.den)
        if sgn and not rf.is_moebius():
            rows.append(rf if sgn > 0 else RationalFunction(tuple(-c for c in rf.num), rf.den))
    return rows


@pytest.mark.parametrize("name", ["e", "pi"])
def test_kernel_terms_equal_exact_terms_on_every_pair(name):
    ctx = ConstantContext(name)
    rows = _quadratic_rows(ctx, 1)
    periods = SearchSpace.from_text(name, 2, 1, "1-2").periods
    depth = 30
    xs = ctx.simple_terms(SCREEN_BITS)
    sarr, slens = signs_array(periods)
    n = len(rows) * len(periods)
    out = np.zeros((n, depth), dtype=np.int64)
    counts, status = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    coeffs = np.array([quadratic_coeffs(rf.num, rf.den) for rf in rows], dtype=np.int64)
    bihomographic_batch(xs, len(xs), coeffs, sarr, slens, depth, out, counts, status)
    assert (status == DONE).mean() > 0.9  # the machine-integer path does the work
    for k in range(n):
        m, s = divmod(k, len(periods))
        exact = exact_terms(ctx, rows[m], periods[s], depth, 8 * depth + 512)
        got = tuple(out[k, : counts[k]].tolist())
        assert got == exact[: len(got)], (str(rows[m]), periods[s])
        if status[k] == DONE:
            assert got == exact and len(got) == depth


def _candidates(ctx, rows, periods, config, kernel: bool, monkeypatch):
    monkeypatch.setattr(stages, "QUADRATIC_KERNEL", kernel)
    st = UnitStats()
    S = len(periods)
    cands = screen(ctx, list(enumerate(rows)), periods, (0, len(rows) * S), config, st)
    return [(c.lhs_index, c.period_index, c.lhs, c.terms, c.bm_length) for c in cands], st


@pytest.mark.parametrize("name", ["e", "pi"])
def test_screen_hits_unchanged(name, monkeypatch):
    ctx = ConstantContext(name)
    rows = list(enumerate_classes(2, 2))[:900]   # Moebius and quadratic classes mixed
    periods = ("+", "-", "+-", "-+")
    config = PipelineConfig()
    fast, st_fast = _candidates(ctx, rows, periods, config, True, monkeypatch)
    slow, st_slow = _candidates(ctx, rows, periods, config, False, monkeypatch)
    assert fast == slow
    assert st_fast.pairs == st_slow.pairs and st_fast.hits == st_slow.hits
    assert st_fast.fallbacks < st_slow.pairs / 20  # few pairs left to the exact path


def _comparable(records):
    drop = {"unit", "engine_version"}
    return sorted(
        (tuple(sorted((k, repr(v)) for k, v in r.items() if k not in drop)) for r in records)
    )


def test_search_results_unchanged_on_e(monkeypatch):
    space = SearchSpace.from_text("e", 2, 1, "1-2")
    config = PipelineConfig()
    runs = {}
    for kernel in (True, False):
        monkeypatch.setattr(stages, "QUADRATIC_KERNEL", kernel)
        runner._STATE.clear()
        res = run_search(space, config, workers=1)
        runs[kernel] = res
    runner._STATE.clear()
    assert len(runs[True].records) > 20
    assert _comparable(runs[True].records) == _comparable(runs[False].records)
    assert runs[True].stats_dict()["hits"] == runs[False].stats_dict()["hits"]

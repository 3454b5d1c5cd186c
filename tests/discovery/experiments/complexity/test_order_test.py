"""Tests of discovery.experiments.complexity.order_test: rank p-values, Holm, and the order verdict.

The done-when of issue 13: over seeds 0..9 the partial quotients of e and tan(1) get "order" every
time and a random real's get "no order" at least 9 times; the verdict does not depend on an
optional compressor being installed.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from discovery.experiments.complexity import compressors as C
from discovery.experiments.complexity import order_test as T
from discovery.experiments.complexity.sources import constant_terms, random_real_null, random_real_terms
from discovery.experiments.complexity.surrogates import make_surrogates

SERS = ["decimal text", "bytes with escape"]


def test_rank_p_value_counts_ties_and_the_observation():
    assert T.rank_p_value(2.0, [1.0, 2.0, 3.0]) == 3 / 4  # 1 + #{1, 2} over 4
    assert T.rank_p_value(0.0, [1.0] * 19) == 1 / 20
    assert T.rank_p_value(5.0, [1.0] * 19) == 1.0


def _holm_by_definition(p: list[float]) -> list[float]:
    """Holm's adjusted p of hypothesis i: the smallest level at which the step-down procedure rejects it."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [0.0] * m
    for rank, i in enumerate(order):
        out[i] = min(1.0, max((m - r) * p[order[r]] for r in range(rank + 1)))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_holm_matches_its_definition_and_bounds(seed):
    p = list(np.random.default_rng(seed).uniform(0, 0.3, size=7))
    q = T.holm(p)
    assert q == pytest.approx(_holm_by_definition(p), abs=1e-12)
    m = len(p)
    for pi, qi in zip(p, q):
        assert pi <= qi + 1e-12 and qi <= min(1.0, m * pi) + 1e-12  # between raw and Bonferroni
    # monotone in the raw p-values
    for (a, qa), (b, qb) in itertools.combinations(zip(p, q), 2):
        assert (a <= b) <= (qa <= qb + 1e-12)


def test_min_draws_is_the_first_count_that_can_reject():
    for cells in (1, 3, 6, 12):
        k = T.min_draws(cells)
        assert T.holm([1 / (k + 1)] * cells)[0] <= 0.05 < T.holm([1 / k] * cells)[0]
    assert T.min_draws(6) == 119 and T.min_draws(3) == 59


def test_periodic_sequence_has_order_and_too_few_draws_cannot_reject():
    data = [1, 2, 3] * 150
    null = make_surrogates(data, 0, "demo", 119)["shuffled"]
    t = T.order_test(data, SERS, null, extra=[])
    assert t["order"] and t["deciding_cells"] == 6
    assert all(c["p"] == round(1 / 120, 6) for c in t["cells"])  # the data beat every shuffle in every cell
    few = T.order_test(data, SERS, null[:19], extra=[])
    assert not few["order"] and few["min_p_holm"] == pytest.approx(6 / 20)


def test_an_optional_compressor_is_an_extra_column_and_never_decides(monkeypatch):
    """A stand-in for zstd (zlib level 1) is measured, marked non-deciding, and changes no deciding number."""
    import zlib

    data = constant_terms("pi", 300)
    null = random_real_null(data, 0, "pi", 59)
    without = T.order_test(data, SERS, null, extra=[])
    monkeypatch.setitem(C.COMPRESSORS, "fake", ("zlib level 1", lambda b: zlib.compress(b, 1)))
    monkeypatch.setattr(C, "available_compressors", lambda: ["zlib", "bz2", "lzma", "fake"])
    monkeypatch.setattr(T, "available_compressors", C.available_compressors)
    with_extra = T.order_test(data, SERS, null)
    extra = [c for c in with_extra["cells"] if c["compressor"] == "fake"]
    assert len(extra) == 2 and not any(c["deciding"] for c in extra) and all("p_holm" not in c for c in extra)
    deciding = [c for c in with_extra["cells"] if c["deciding"]]
    assert deciding == without["cells"]
    assert {k: v for k, v in with_extra.items() if k != "cells"} == {k: v for k, v in without.items() if k != "cells"}


def test_random_real_null_is_calibrated_for_a_random_real():
    """For a random real the data and its null are exchangeable: raw p-values are about uniform."""
    ps = []
    for seed in range(20):
        data = random_real_terms(120, seed)[0]
        t = T.order_test(data, ["bytes with escape"], random_real_null(data, seed, "random real", 19), extra=[])
        ps += [c["p"] for c in t["cells"]]
    assert 0.35 < float(np.mean(ps)) < 0.65


def test_done_when_seeds_0_to_9():
    """e and tan(1): "order" for all ten seeds; a random real: "no order" at least 9 times (200 terms, 119 draws)."""
    n, draws = 200, 119
    verdicts: dict[str, list[bool]] = {"e": [], "tan(1)": [], "random real": []}
    fixed = {name: constant_terms(name, n) for name in ("e", "tan(1)")}
    for seed in range(10):
        for name in verdicts:
            data = fixed[name] if name in fixed else random_real_terms(n, seed)[0]
            t = T.order_test(data, SERS, random_real_null(data, seed, name, draws), extra=[])
            verdicts[name].append(t["order"])
    assert all(verdicts["e"]) and all(verdicts["tan(1)"])
    assert sum(not v for v in verdicts["random real"]) >= 9


def test_constant_null_gives_no_spread_and_zero_effect_for_equal_sizes():
    """Random bits: zlib stores every draw in the same size, so sd is 0 and z is 0, not rounding noise."""
    bits = np.random.default_rng(0).integers(0, 2, 4000)
    t = T.order_test(bits, ["packed bits"], make_surrogates(bits, 0, "b", 19)["shuffled"], extra=[])
    z = next(c for c in t["cells"] if c["compressor"] == "zlib")
    assert z["null_sd"] == 0.0 and z["z"] == 0.0 and z["p"] == 1.0

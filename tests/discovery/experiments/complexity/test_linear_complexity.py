"""Tests of discovery.experiments.complexity.linear_complexity on partial quotients and bit strings."""

from __future__ import annotations

import numpy as np

from cf.bm import linear_complexity_profile
from discovery.experiments.complexity import linear_complexity as K
from search.expansion import expand


def test_e_linear_complexity_is_bounded_and_pi_grows_like_half():
    e_terms = expand("e", "+", 1000).terms
    prof = linear_complexity_profile(e_terms)
    assert prof.max() <= 8
    s = K.linear_complexity_summary(list(e_terms))
    assert s["final_L"] == prof[-1] == 7 and s["stable_from"] == 13
    pi_terms = expand("pi", "+", 1000).terms
    L = linear_complexity_profile(pi_terms)[999]
    assert 0.45 <= L / 1000 <= 0.55


def test_bit_strings_use_gf2():
    s = K.linear_complexity_summary(np.array([1, 0, 1, 0, 1, 0, 1, 0], dtype=np.uint8))
    assert s["field"] == "GF(2)" and s["final_L"] == 2

"""The sequences the complexity experiment measures: partial quotients, prime indicators, random bits.

* the first ``n`` certified simple-continued-fraction partial quotients of a constant (e, tan(1),
  pi; :mod:`search.expansion`) and of a uniformly random real in ``[0, 1)``;
* the prime indicator ``[k is prime]`` for ``0 <= k < n``;
* ``n`` iid fair bits.

The random sources draw from :func:`~discovery.experiments.complexity.surrogates.surrogate_rng`
with the experiment's seed, so they are reproducible.

>>> prime_indicator(8).tolist(), random_bits(5, 0).tolist() == random_bits(5, 0).tolist()
([0, 0, 1, 1, 0, 1, 0, 1], True)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from discovery.experiments.complexity.surrogates import surrogate_rng


def prime_indicator(n: int) -> np.ndarray:
    """``x[k] = 1`` when ``k`` is prime, for ``0 <= k < n`` (uint8), from the sieve of Eratosthenes.

    >>> prime_indicator(12).tolist()
    [0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1]
    """
    from discovery.experiments.primes.sieve import prime_sieve

    n = int(n)
    if n < 0:
        raise ValueError(f"the length of the prime indicator must be >= 0, not {n}")
    if n <= 3:
        return np.array([0, 0, 1][:n], dtype=np.uint8)
    return prime_sieve(n - 1).astype(np.uint8)


def random_bits(n: int, seed: int) -> np.ndarray:
    """``n`` iid fair bits (uint8) from ``surrogate_rng(seed, "random bits")``."""
    return surrogate_rng(seed, "random bits").integers(0, 2, size=int(n), dtype=np.uint8)


def random_real_terms(n: int, seed: int, *keys: int | str) -> tuple[list[int], int]:
    """The first ``n`` simple-CF partial quotients of a uniformly random real ``x`` in ``[0, 1)``.

    ``x`` is drawn bit by bit from ``surrogate_rng(seed, "random real", *keys)``: with ``B`` bits drawn,
    ``x`` lies in ``[m / 2^B, (m + 1) / 2^B]`` and :func:`cf.extract.extract_signed_cf` returns the
    terms common to the whole interval, i.e. the true leading terms of ``x``.  More bits are drawn
    (refining the same ``x``) until ``n`` terms are certified; about 3.4 bits per term are needed
    (Levy).  Returns the terms (``a_0 = 0``) and ``B``.
    """
    from cf.extract import extract_signed_cf

    rng = surrogate_rng(seed, "random real", *keys)
    n = int(n)
    B = 4 * n + 256
    m = int.from_bytes(rng.bytes(B // 8), "big")
    while True:
        ext = extract_signed_cf(Fraction(m, 1 << B), Fraction(m + 1, 1 << B), "+", n)
        if len(ext.terms) >= n:
            return list(ext.terms), B
        m = (m << 64) | int.from_bytes(rng.bytes(8), "big")
        B += 64


def constant_terms(name: str, n: int) -> list[int]:
    """The first ``n`` certified simple-CF partial quotients of a constant (``search.expansion``).

    >>> constant_terms("e", 8)
    [2, 1, 2, 1, 1, 4, 1, 1]
    """
    from search.expansion import expand

    return list(expand(name, "+", int(n)).terms)



def random_real_null(terms: list[int] | np.ndarray, seed: int, source: str, k: int) -> list[np.ndarray]:
    """``k`` draws from the Gauss-measure null: the partial quotients of independent uniform random reals.

    The ``j``-th draw is ``random_real_terms(len(terms), seed, source, "random-real null", j)`` with
    its ``a_0`` (0) replaced by the data's ``a_0``, so only ``a_1, a_2, ...`` are compared.  For a
    uniformly random real the data and the draws are exchangeable, so rank tests against them are
    exact; unlike shuffles they keep the (weak) dependence between consecutive partial quotients
    of a typical real.

    >>> [d.tolist() for d in random_real_null([3, 7, 15], 0, "pi", 2)] == [
    ...     [3] + random_real_terms(3, 0, "pi", "random-real null", j)[0][1:] for j in range(2)]
    True
    """
    n = len(terms)
    out = []
    for j in range(int(k)):
        t = random_real_terms(n, seed, source, "random-real null", j)[0]
        t[0] = int(terms[0])
        out.append(np.asarray(t, dtype=np.int64))
    return out

"""Model-based code lengths of the prime indicator string: adaptive Krichevsky–Trofimov coding with wheel contexts.

Mathematics
-----------
A *context rule* assigns to every position ``n`` a context ``c(n)``; within each context the bits
are predicted by the Krichevsky–Trofimov (KT) estimator: after ``a`` ones and ``b`` zeros in that
context, ``P(next = 1) = (a + 1/2)/(a + b + 1)``.  The *ideal code length* is
``L = sum_n -log2 P(x_n | past of its context)``; an arithmetic coder with exact arithmetic
achieves ``< L + 2`` bits for the whole string (Cover & Thomas, Thm 13.3.1), so ``L + 2`` is an
upper bound on a real code, not only an idealisation.  The sequential product telescopes to a
closed form per context (used by the tests as an independent check):

    P_KT(a ones, b zeros) = B(a + 1/2, b + 1/2) / B(1/2, 1/2)          (B the Beta function),

so the order of the bits inside a context does not matter.

*Wheel models* for ``X_N = x_1 .. x_N`` (``x_n = [n is prime]``) and a modulus ``M`` (a primorial
30, 210, 2310): positions with ``gcd(n, M) > 1`` are not coded at all (``x_n = 1`` iff ``n`` is a
prime factor of ``M``, which the decoder knows from ``M``); positions coprime to ``M`` are coded
with the KT estimator, either

* ``"residue"``: one context per residue class ``n mod M`` (``phi(M)`` contexts), or
* ``"pooled"``: one context for all of them (primes are equidistributed among the coprime
  classes, so the split pays about ``(1/2) log2 N`` bits per class for nothing).

*Description of the model*: the decoder must know ``N``, ``M`` and the rule: Elias-delta codes of
``N`` and ``M`` plus one bit for the rule.  The decoder program itself is not counted, just as
the compressors' decompressors are not (it is the additive constant of the reference machine).

>>> x = np.array([0, 1, 1, 0, 1, 0, 1, 0, 0, 0], dtype=np.uint8)   # X_10
>>> r = wheel_code_length(x, 30, "pooled")
>>> r["contexts"], round(r["ideal_bits"], 4)   # only n = 1, 7 are coded (n = 1 as 0, n = 7 as 1)
(1, 3.0)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

RULES = ("residue", "pooled")
MODULI = (30, 210, 2310)
ARITHMETIC_CODING_OVERHEAD_BITS = 2
"""An arithmetic coder with exact arithmetic needs fewer than L + 2 bits for a string of ideal length L."""


def elias_delta_bits(n: int) -> int:
    """Length of the Elias-delta code of the integer ``n >= 1``: ``floor(log2 n) + 2 floor(log2(floor(log2 n) + 1)) + 1``.

    >>> [elias_delta_bits(k) for k in (1, 2, 4, 17, 10**6)]
    [1, 4, 5, 9, 28]
    """
    if n < 1:
        raise ValueError(f"Elias-delta codes positive integers, got {n}")
    lg = n.bit_length() - 1
    return lg + 2 * ((lg + 1).bit_length() - 1) + 1


def kt_code_length(bits: np.ndarray, contexts: np.ndarray) -> dict[str, Any]:
    """Ideal sequential KT code length ``sum -log2 P(x_t | past of its context)`` in bits.

    ``bits`` (0/1) and ``contexts`` (non-negative integers) have equal length; positions are coded
    in their given order.  Returns the total, the number of contexts used and per-context counts.

    >>> round(kt_code_length(np.array([0, 1]), np.array([0, 0]))["bits"], 12)   # 1/2 * 1/4
    3.0
    """
    x = np.asarray(bits).astype(np.int64)
    c = np.asarray(contexts).astype(np.int64)
    if x.shape != c.shape or x.ndim != 1:
        raise ValueError("bits and contexts must be one-dimensional arrays of equal length")
    if x.size == 0:
        return {"bits": 0.0, "contexts": 0, "ones": [], "zeros": []}
    if np.any((x != 0) & (x != 1)) or np.any(c < 0):
        raise ValueError("bits must be 0/1 and contexts non-negative")
    order = np.argsort(c, kind="stable")  # group by context, keeping the coding order inside each
    xs, cs = x[order], c[order]
    start = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
    length = np.diff(np.r_[start, len(cs)])
    t = np.arange(len(cs)) - np.repeat(start, length)  # symbols already seen in this context
    ones_before = np.cumsum(xs) - xs
    ones_before -= np.repeat(ones_before[start], length)
    seen = np.where(xs == 1, ones_before, t - ones_before)  # earlier symbols equal to this one
    total = float(np.sum(np.log2(t + 1.0) - np.log2(seen + 0.5)))
    ones = np.add.reduceat(xs, start)
    return {"bits": total, "contexts": int(len(start)), "ones": ones.tolist(), "zeros": (length - ones).tolist()}


def wheel_code_length(x: np.ndarray, modulus: int, rule: str = "residue") -> dict[str, Any]:
    """The wheel model of the module docstring on ``x = (x_1, ..., x_N)``: ideal length, description, bound.

    ``x`` must be 0 at every ``n`` with ``gcd(n, modulus) > 1`` except the prime factors of the
    modulus, where it must be 1 (true of the prime indicator); otherwise ``ValueError``.
    ``bound_bits = ideal + 2 (arithmetic coding) + description``.

    >>> from discovery.experiments.primes.sieve import prime_sieve
    >>> r = wheel_code_length(prime_sieve(10**5).view(np.uint8)[1:], 30)
    >>> r["contexts"], r["description_bits"], round(r["bound_bits_per_integer"], 4)
    (8, 35, 0.2521)
    """
    if rule not in RULES:
        raise ValueError(f"unknown context rule {rule!r}; choose from {', '.join(RULES)}")
    if isinstance(modulus, bool) or not isinstance(modulus, (int, np.integer)) or modulus < 2:
        raise ValueError(f"the modulus must be an integer >= 2, got {modulus!r}")
    x = np.asarray(x).astype(np.uint8)
    n_len = len(x)
    if n_len < 1:
        raise ValueError("the string must not be empty")
    m = int(modulus)
    n = np.arange(1, n_len + 1, dtype=np.int64)
    coprime = np.gcd(n, m) == 1
    factors = [p for p in range(2, m + 1) if m % p == 0 and all(p % q for q in range(2, math.isqrt(p) + 1))]
    known = np.zeros(n_len, dtype=np.uint8)
    known[[p - 1 for p in factors if p <= n_len]] = 1
    if np.any(x[~coprime] != known[~coprime]):
        raise ValueError(f"the string is not the wheel's off the numbers coprime to {m}: this model cannot code it")
    ctx = n[coprime] % m if rule == "residue" else np.zeros(int(coprime.sum()), dtype=np.int64)
    kt = kt_code_length(x[coprime], ctx)
    desc = elias_delta_bits(n_len) + elias_delta_bits(m) + 1
    bound = kt["bits"] + ARITHMETIC_CODING_OVERHEAD_BITS + desc
    return {"modulus": m, "rule": rule, "N": n_len, "coded_positions": int(coprime.sum()),
            "contexts": kt["contexts"], "ideal_bits": kt["bits"], "ideal_bits_per_integer": kt["bits"] / n_len,
            "description_bits": desc, "arithmetic_coding_bits": ARITHMETIC_CODING_OVERHEAD_BITS,
            "bound_bits": bound, "bound_bits_per_integer": bound / n_len}


def wheel_models(x: np.ndarray, moduli: tuple[int, ...] = MODULI) -> dict[str, dict[str, Any]]:
    """:func:`wheel_code_length` for every modulus and rule, keyed ``"kt_<rule>_mod_<M>"``.

    >>> from discovery.experiments.primes.sieve import prime_sieve
    >>> sorted(wheel_models(prime_sieve(1000).view(np.uint8)[1:], (30,)))
    ['kt_pooled_mod_30', 'kt_residue_mod_30']
    """
    return {f"kt_{rule}_mod_{m}": wheel_code_length(x, m, rule) for m in moduli for rule in RULES}


def best_model(models: dict[str, dict[str, Any]]) -> str:
    """The key of the model with the smallest bound (the description codes which model it is).

    >>> best_model({"a": {"bound_bits": 3.0}, "b": {"bound_bits": 2.0}})
    'b'
    """
    return min(models, key=lambda k: models[k]["bound_bits"])

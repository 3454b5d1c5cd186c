"""Sieve of Eratosthenes and omega(n) tables, compiled with Numba.

Mathematics
-----------
The *prime indicator* of ``n`` is ``1`` when ``n`` is prime and ``0`` otherwise; the sieve of
Eratosthenes computes it for every ``n <= N`` by crossing off the multiples ``p^2, p^2 + p, ...`` of
each prime ``p <= sqrt(N)``; what survives (besides 0 and 1) is prime.  Cost: ``O(N ln ln N)``.

``omega(n)`` is the number of *distinct* prime factors of ``n`` (``omega(1) = 0``,
``omega(12) = 2``).  Adding 1 to every multiple of every prime ``p <= N`` gives the whole table, so

    sum_{n <= N} omega(n) = sum_{p <= N} floor(N / p)            (exactly),

a double-count identity the tests use as a check.  ``pi(x)`` is the number of primes ``<= x``.

Example
-------
>>> from discovery.experiments.primes.sieve import prime_sieve, primes_up_to, omega_table, prime_pi
>>> primes_up_to(30).tolist()
[2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
>>> int(prime_sieve(10**4).sum())
1229
>>> omega_table(12)[[1, 2, 6, 12]].tolist()
[0, 1, 2, 2]
>>> prime_pi(100)
25

Limits
------
``N`` must satisfy ``2 <= N <= MAX_N = 2^27`` (134,217,728): the indicator and the omega table
take one byte per integer each (about 270 MB together at the cap).  Anything outside is refused
with a ``ValueError`` that carries one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

MAX_N: int = 2**27
"""Largest ``N`` accepted by every function of this module (memory: ~1 byte per integer per table)."""


def check_n(n: int, name: str = "N", cap: int = MAX_N, low: int = 2, why: str = "") -> int:
    """Validate an upper limit ``n`` (an integer with ``low <= n <= cap``) and return it as ``int``.

    ``why`` (optional) is appended to the lower-bound message as the reason.

    >>> check_n(100)
    100
    >>> check_n(1)
    Traceback (most recent call last):
    ...
    ValueError: N must be at least 2, got 1
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {n!r}")
    n = int(n)
    if n < low:
        raise ValueError(f"{name} must be at least {low}{' (' + why + ')' if why else ''}, got {n}")
    if n > cap:
        shown = f"2^{cap.bit_length() - 1} = {cap}" if cap & (cap - 1) == 0 else f"{cap:,}".replace(",", "_")
        raise ValueError(f"{name} = {n} is above the documented cap {shown} of this experiment")
    return n


@njit(cache=True)
def _sieve_kernel(n: int) -> np.ndarray:
    is_p = np.ones(n + 1, dtype=np.uint8)
    is_p[0] = 0
    is_p[1] = 0
    for m in range(4, n + 1, 2):
        is_p[m] = 0
    p = 3
    while p * p <= n:
        if is_p[p]:
            for m in range(p * p, n + 1, 2 * p):
                is_p[m] = 0
        p += 2
    return is_p


def prime_sieve(n: int) -> np.ndarray:
    """Prime indicator ``x[k] = [k is prime]`` for ``0 <= k <= n`` as a ``bool`` array of length ``n + 1``.

    >>> prime_sieve(10).nonzero()[0].tolist()
    [2, 3, 5, 7]
    """
    n = check_n(n)
    return _sieve_kernel(n).view(np.bool_)


def primes_up_to(n: int, indicator: np.ndarray | None = None) -> np.ndarray:
    """The primes ``p <= n`` in increasing order (``int64``); reuse ``indicator`` if already sieved.

    >>> primes_up_to(20).tolist()
    [2, 3, 5, 7, 11, 13, 17, 19]
    """
    n = check_n(n)
    if indicator is None:
        indicator = prime_sieve(n)
    return np.flatnonzero(indicator[: n + 1]).astype(np.int64)


@njit(cache=True)
def _omega_kernel(n: int, primes: np.ndarray) -> np.ndarray:
    w = np.zeros(n + 1, dtype=np.uint8)
    for i in range(primes.shape[0]):
        p = primes[i]
        if p > n:
            break
        for m in range(p, n + 1, p):
            w[m] += 1
    return w


def omega_table(n: int, primes: np.ndarray | None = None) -> np.ndarray:
    """``w[k] = omega(k)``, the number of distinct prime factors, for ``0 <= k <= n`` (``uint8``).

    ``omega(0)`` and ``omega(1)`` are 0.  ``uint8`` is enough: ``omega(n) <= 9`` for ``n < 2^31``
    (the primorial 2*3*...*29 = 6469693230 is the least ``n`` with ``omega(n) = 10``).

    >>> omega_table(30)[[1, 7, 12, 30]].tolist()
    [0, 1, 2, 3]
    """
    n = check_n(n)
    if primes is None:
        primes = primes_up_to(n)
    return _omega_kernel(n, np.ascontiguousarray(primes, dtype=np.int64))


@njit(cache=True)
def _counts_at(indicator: np.ndarray, xs: np.ndarray) -> np.ndarray:
    out = np.zeros(xs.shape[0], dtype=np.int64)
    c = 0
    k = 0
    j = 0
    while j < xs.shape[0]:
        x = xs[j]
        while k <= x:
            c += indicator[k]
            k += 1
        out[j] = c
        j += 1
    return out


def pi_at(indicator: np.ndarray, xs: Sequence[int] | np.ndarray) -> np.ndarray:
    """``pi(x)`` for each ``x`` of the non-decreasing sequence ``xs`` (each ``<= len(indicator) - 1``).

    One pass over the indicator, no ``N``-sized cumulative array.

    >>> pi_at(prime_sieve(100), [10, 100]).tolist()
    [4, 25]
    """
    xs = np.asarray(xs, dtype=np.int64)
    if xs.size and (np.any(np.diff(xs) < 0) or xs[0] < 0 or xs[-1] >= indicator.shape[0]):
        raise ValueError("the points x must be non-decreasing and within the sieved range")
    return _counts_at(indicator.view(np.uint8), xs)


def prime_pi(n: int) -> int:
    """``pi(n)``, the number of primes ``<= n``.

    >>> prime_pi(10**4)
    1229
    """
    return int(np.count_nonzero(prime_sieve(n)))


@njit(cache=True)
def _prefix_moments(w: np.ndarray, xs: np.ndarray) -> np.ndarray:
    out = np.zeros((xs.shape[0], 2), dtype=np.float64)
    s1 = 0
    s2 = 0
    k = 1
    for j in range(xs.shape[0]):
        x = xs[j]
        while k <= x:
            v = np.int64(w[k])
            s1 += v
            s2 += v * v
            k += 1
        out[j, 0] = s1
        out[j, 1] = s2
    return out


def omega_prefix_sums(w: np.ndarray, xs: Sequence[int] | np.ndarray) -> np.ndarray:
    """Rows ``(sum_{n<=x} omega(n), sum_{n<=x} omega(n)^2)`` for each ``x`` of the non-decreasing ``xs``.

    The sums start at ``n = 1``; they are exact integers (held in float64, exact below 2^53).

    >>> omega_prefix_sums(omega_table(12), [12]).tolist()
    [[14.0, 20.0]]
    """
    xs = np.asarray(xs, dtype=np.int64)
    if xs.size and (np.any(np.diff(xs) < 0) or xs[0] < 1 or xs[-1] >= w.shape[0]):
        raise ValueError("the points x must be non-decreasing and within the table")
    return _prefix_moments(w, xs)


def checkpoints(n_max: int, first: int = 1) -> list[int]:
    """The powers of ten ``10^first, 10^(first+1), ...`` below ``n_max``, then ``n_max`` itself.

    The rows of the experiments' tables (``N <= MAX_N < 10^9``).

    >>> checkpoints(5000), checkpoints(10**6, first=3)
    ([10, 100, 1000, 5000], [1000, 10000, 100000, 1000000])
    """
    return [10**k for k in range(first, 20) if 10**k < n_max] + [n_max]

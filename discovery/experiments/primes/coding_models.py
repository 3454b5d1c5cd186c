"""What the prime indicator string is compared with: entropy bounds and fixed-seed surrogate strings.

Mathematics
-----------
``X_N = x_1 x_2 ... x_N`` with ``x_n = [n is prime]``.  Reference points, all in bits (reported per
integer, i.e. divided by ``N``); ``h(q) = -q log2 q - (1-q) log2(1-q)`` is the binary entropy:

* **iid entropy** ``N h(pi(N)/N)``: the expected code length of a string of ``N`` independent
  Bernoulli(``pi(N)/N``) bits — what an *incompressible* string of the primes' density costs.
* **Cramér model entropy** ``sum_{n=3}^{N} h(1/ln n)``: independent bits with ``P(x_n = 1) = 1/ln n``.
* **wheel-W bound** for ``W = 2, 6, 30, 210``: only ``n`` coprime to ``W`` can be prime (besides the
  primes dividing ``W``).  With ``S_W = {1 < n <= N : gcd(n, W) = 1}`` and
  ``k_W = pi(N) - #{p | W}`` primes in ``S_W``, the bound is ``|S_W| h(k_W / |S_W|)`` bits — the
  iid entropy of the indicator restricted to ``S_W`` (the other positions are known).  For
  ``W = 30`` this is ``~ N (8/30) h(pi(N)/(8N/30))``, i.e. ``(8/30) h(30 pi(N)/(8N))`` per integer.
  It is *not* a lower bound on ``K(X_N)``; it is the cost of a model that knows the wheel and
  nothing else.
* **literal Kolmogorov bound** ``K(X_N) <= log2 N + c``: the sieve program :data:`SIEVE_PROGRAM`
  prints ``X_N`` given ``N``, so ``K(X_N) <= ceil(log2(N + 1)) + 8 |program|`` bits up to the
  constant of the reference machine (here: CPython 3, the program text in ASCII, ``N`` in binary).

Surrogate strings of the same length, each from its own generator ``default_rng([seed, tag, N, draw])``
(``draw = 0, 1, ...`` gives independent draws of every model, for a surrogate *distribution*):

* ``iid``: Bernoulli(``pi(N)/N``) bits;
* ``cramer``: ``x_1 = 0``, ``x_2 = 1``, ``x_n ~`` Bernoulli(``1/ln n``) for ``n >= 3``;
* ``wheel30``: ``x_2 = x_3 = x_5 = 1``, Bernoulli(``k_30/|S_30|``) on ``S_30``, 0 elsewhere;
* ``wheel30_cramer``: as ``wheel30`` but Bernoulli(``min(1, (30/8)/ln n)``) on ``S_30`` (the wheel and
  the falling density ``1/ln n`` together);
* ``uniform``: fair bits.

>>> b = entropy_bounds(1000, 168)
>>> b["wheel_210"] < b["wheel_30"] < b["iid_entropy"]
True
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

WHEELS = (2, 6, 30, 210)

SIEVE_PROGRAM = (
    "import sys\n"
    "from math import isqrt\n"
    "n=int(sys.argv[1]);s=bytearray([1])*(n+1);s[0]=s[1]=0\n"
    "for p in range(2,isqrt(n)+1):\n"
    " if s[p]:s[p*p::p]=bytes(len(range(p*p,n+1,p)))\n"
    "sys.stdout.write(''.join('01'[b] for b in s[1:]))\n"
)
"""A complete program printing X_N (as ASCII '0'/'1', n = 1..N) given N on the command line."""


def binary_entropy(q: float) -> float:
    """``h(q) = -q log2 q - (1 - q) log2(1 - q)`` bits, with ``h(0) = h(1) = 0``.

    >>> binary_entropy(0.5), binary_entropy(0.0)
    (1.0, 0.0)
    """
    if q <= 0.0 or q >= 1.0:
        return 0.0
    return -q * math.log2(q) - (1 - q) * math.log2(1 - q)


def _h_array(q: np.ndarray) -> np.ndarray:
    q = np.clip(q, 1e-300, 1 - 1e-16)
    return -q * np.log2(q) - (1 - q) * np.log2(1 - q)


def coprime_count(n: int, w: int) -> int:
    """``#{1 <= m <= n : gcd(m, w) = 1}`` by inclusion–exclusion over the divisors of ``w`` (squarefree ``w``).

    >>> coprime_count(30, 30), coprime_count(100, 6)
    (8, 33)
    """
    ps = [p for p in (2, 3, 5, 7, 11, 13) if w % p == 0]
    total = 0
    for mask in range(1 << len(ps)):
        d = 1
        bits = 0
        for i, p in enumerate(ps):
            if mask >> i & 1:
                d *= p
                bits += 1
        total += (-1) ** bits * (n // d)
    return total


def entropy_bounds(n: int, pi_n: int) -> dict[str, Any]:
    """The reference code lengths of the module docstring for ``X_n``, in bits per integer.

    >>> b = entropy_bounds(10**6, 78498)
    >>> round(b["iid_entropy"], 4), round(b["wheel_30"], 4)
    (0.3969, 0.2331)
    """
    out: dict[str, Any] = {"iid_entropy": binary_entropy(pi_n / n)}
    if n >= 3:
        m = np.arange(3, n + 1, dtype=np.float64)
        out["cramer_entropy"] = float(_h_array(1.0 / np.log(m)).sum()) / n
    else:
        out["cramer_entropy"] = 0.0
    for w in WHEELS:
        small = [p for p in (2, 3, 5, 7) if w % p == 0]
        s_w = coprime_count(n, w) - 1  # exclude n = 1
        k_w = pi_n - sum(1 for p in small if p <= n)
        out[f"wheel_{w}"] = s_w * binary_entropy(k_w / s_w) / n if s_w > 0 else 0.0
    k_bits = math.ceil(math.log2(n + 1)) + 8 * len(SIEVE_PROGRAM.encode())
    out["kolmogorov_literal"] = k_bits / n
    out["kolmogorov_literal_bits"] = k_bits
    out["formulas"] = {
        "iid_entropy": "h(pi(N)/N)",
        "cramer_entropy": "(1/N) sum_{n=3}^{N} h(1/ln n)",
        "wheel_W": "|S_W| h(k_W/|S_W|) / N, S_W = {1 < n <= N : gcd(n, W) = 1}, k_W = pi(N) - #{p | W, p <= N}",
        "kolmogorov_literal": "(ceil(log2(N+1)) + 8 * len(SIEVE_PROGRAM)) / N",
    }
    return out


def _wheel30_string(n: int, coprime: np.ndarray, draws: np.ndarray | None) -> np.ndarray:
    """``x_2 = x_3 = x_5 = 1``, ``draws`` on the positions ``coprime`` (n > 1 coprime to 30), 0 elsewhere."""
    out = np.zeros(n, dtype=np.uint8)
    if draws is not None:
        out[coprime] = draws
    for p in (2, 3, 5):
        if p <= n:
            out[p - 1] = 1
    return out


def surrogates(indicator: np.ndarray, n: int, seed: int, draw: int = 0) -> dict[str, np.ndarray]:
    """Fixed-seed surrogate strings of length ``n`` (``x_1..x_n``, uint8) next to the true ``X_n``.

    ``indicator`` is the sieve output (index = integer); see the module docstring for the models;
    ``draw`` numbers independent draws of the same models.

    >>> from discovery.experiments.primes.sieve import prime_sieve
    >>> s = surrogates(prime_sieve(1000), 1000, 0)
    >>> sorted(s), int(s["primes"].sum())
    (['cramer', 'iid', 'primes', 'uniform', 'wheel30', 'wheel30_cramer'], 168)
    """
    x = indicator.view(np.uint8)[1 : n + 1].copy()
    pi_n = int(x.sum())
    ints = np.arange(1, n + 1, dtype=np.int64)

    def rng(tag: int) -> np.random.Generator:
        return np.random.default_rng([seed, tag, n, draw])

    iid = (rng(1).random(n) < pi_n / n).astype(np.uint8)
    pc = np.zeros(n)
    if n >= 3:
        pc[2:] = 1.0 / np.log(ints[2:].astype(np.float64))
    if n >= 2:
        pc[1] = 1.0
    cramer = (rng(2).random(n) < pc).astype(np.uint8)
    cop = (np.gcd(ints, 30) == 1) & (ints > 1)
    k30 = pi_n - sum(1 for p in (2, 3, 5) if p <= n)
    s30 = int(cop.sum())
    flat = (rng(3).random(s30) < k30 / s30).astype(np.uint8) if s30 else None
    falling = None
    if s30:
        q = np.minimum(1.0, (30 / 8) / np.log(ints[cop].astype(np.float64)))
        falling = (rng(5).random(s30) < q).astype(np.uint8)
    uniform = rng(4).integers(0, 2, size=n, dtype=np.uint8)
    return {"primes": x, "iid": iid, "cramer": cramer, "wheel30": _wheel30_string(n, cop, flat),
            "wheel30_cramer": _wheel30_string(n, cop, falling), "uniform": uniform}

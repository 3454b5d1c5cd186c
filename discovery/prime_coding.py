"""How compressible is the prime indicator string?  Compressors, surrogates and entropy bounds.

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

Compressed sizes come from :func:`discovery.kolmogorov.compressed_bits` (bits with the
compressor's empty-input overhead removed; zlib, bz2, lzma, zstd with the settings of
:data:`discovery.kolmogorov.COMPRESSORS`) applied to the serialised string; the serialisation is
named in the results (default: ``"packed bits"`` = numpy.packbits, 8 integers per byte, ``n = 1``
in the most significant bit of the first byte).  The same is done for fixed-seed surrogates:

* ``iid``: Bernoulli(``pi(N)/N``) bits;
* ``cramer``: ``x_1 = 0``, ``x_2 = 1``, ``x_n ~`` Bernoulli(``1/ln n``) for ``n >= 3``;
* ``wheel30``: ``x_2 = x_3 = x_5 = 1``, Bernoulli(``k_30/|S_30|``) on ``S_30``, 0 elsewhere;
* ``wheel30_cramer``: as ``wheel30`` but Bernoulli(``min(1, (30/8)/ln n)``) on ``S_30`` (the wheel and
  the falling density ``1/ln n`` together);
* ``uniform``: fair bits.

Example
-------
>>> from discovery.prime_coding import prime_coding_experiment
>>> r = prime_coding_experiment(10**5, compressors=["lzma"])
>>> row = r["at_N"]
>>> row["bounds"]["wheel_30"] < row["bits_per_integer"]["primes"]["lzma"] < row["bounds"]["iid_entropy"]
True
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from discovery.sieve import check_n, pi_at, prime_sieve

PRIME_CODING_MAX_N = 2**25
"""Largest N of the prime-coding experiment (at 2^25: six 4 MiB strings, four compressors, ~2.5 min, ~2 GB)."""
ASCII_MAX_N = 10**6
"""The one-byte-per-integer serialisation is accepted only up to this N."""
SERIALISATIONS = {"packed": "packed bits", "ascii": "ASCII 0/1"}
WHEELS = (2, 6, 30, 210)
CLAIM_MIN_MARGIN_BITS = 1000
"""A compressor must beat the iid entropy by more than this many bits to count against incompressibility ..."""
CLAIM_MIN_MARGIN_FRACTION = 0.01
"""... and by more than this fraction of N h(pi(N)/N)."""
STRINGS = ("primes", "iid", "cramer", "wheel30", "wheel30_cramer", "uniform")

SIEVE_PROGRAM = (
    "import sys\n"
    "from math import isqrt\n"
    "n=int(sys.argv[1]);s=bytearray([1])*(n+1);s[0]=s[1]=0\n"
    "for p in range(2,isqrt(n)+1):\n"
    " if s[p]:s[p*p::p]=bytes(len(range(p*p,n+1,p)))\n"
    "sys.stdout.write(''.join('01'[b] for b in s[1:]))\n"
)
"""A complete program printing X_N (as ASCII '0'/'1', n = 1..N) given N on the command line."""

Progress = Callable[[str], None] | None


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


def surrogates(indicator: np.ndarray, n: int, seed: int) -> dict[str, np.ndarray]:
    """Fixed-seed surrogate strings of length ``n`` (``x_1..x_n``, uint8) next to the true ``X_n``.

    ``indicator`` is the sieve output (index = integer); see the module docstring for the models.

    >>> from discovery.sieve import prime_sieve
    >>> s = surrogates(prime_sieve(1000), 1000, 0)
    >>> sorted(s), int(s["primes"].sum())
    (['cramer', 'iid', 'primes', 'uniform', 'wheel30', 'wheel30_cramer'], 168)
    """
    x = indicator.view(np.uint8)[1 : n + 1].copy()
    pi_n = int(x.sum())
    ints = np.arange(1, n + 1, dtype=np.int64)

    def rng(tag: int) -> np.random.Generator:
        return np.random.default_rng([seed, tag, n])

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
    wheel = np.zeros(n, dtype=np.uint8)
    if s30:
        wheel[cop] = (rng(3).random(s30) < k30 / s30).astype(np.uint8)
    for p in (2, 3, 5):
        if p <= n:
            wheel[p - 1] = 1
    wheel_cr = np.zeros(n, dtype=np.uint8)
    if s30:
        q = np.minimum(1.0, (30 / 8) / np.log(ints[cop].astype(np.float64)))
        wheel_cr[cop] = (rng(5).random(s30) < q).astype(np.uint8)
    for p in (2, 3, 5):
        if p <= n:
            wheel_cr[p - 1] = 1
    uniform = rng(4).integers(0, 2, size=n, dtype=np.uint8)
    return {"primes": x, "iid": iid, "cramer": cramer, "wheel30": wheel, "wheel30_cramer": wheel_cr,
            "uniform": uniform}


def _checkpoints(n_max: int) -> list[int]:
    return [10**k for k in range(3, 10) if 10**k < n_max] + [n_max]


def prime_coding_experiment(n_max: int, compressors: Sequence[str] | None = None, serialisation: str = "packed",
                            seed: int = 0, progress: Progress = None) -> dict[str, Any]:
    """Compressed size of ``X_N`` and of its surrogates, for ``N`` = powers of ten up to ``n_max`` and ``n_max``.

    Returns a JSON-ready dict: one row per ``N`` (``pi(N)``, bounds, bits per integer of every string
    under every compressor), the checks at ``n_max``, the literal Kolmogorov bound, and verdicts.

    >>> r = prime_coding_experiment(2000, compressors=["zlib"])
    >>> r["serialisation"]["name"]
    'packed bits'
    """
    from discovery import kolmogorov as kol

    n_max = check_n(n_max, cap=PRIME_CODING_MAX_N)
    if serialisation not in SERIALISATIONS:
        raise ValueError(f"unknown serialisation {serialisation!r}; choose from {', '.join(SERIALISATIONS)}")
    if serialisation == "ascii" and n_max > ASCII_MAX_N:
        raise ValueError(f"the ASCII serialisation is limited to N <= {ASCII_MAX_N}; use the packed one")
    ser_name = SERIALISATIONS[serialisation]
    names = list(compressors) if compressors is not None else kol.available_compressors()
    for c in names:
        if c not in kol.available_compressors():
            raise ValueError(f"unknown or unavailable compressor {c!r}; choose from "
                             f"{', '.join(kol.available_compressors())}")
    tick = progress or (lambda s: None)
    tick("sieve")
    ind = prime_sieve(n_max)
    pts = _checkpoints(n_max)
    pis = pi_at(ind, pts).tolist()
    rows = []
    for x_n, pi_n in zip(pts, pis):
        strings = surrogates(ind, x_n, seed)
        bpi: dict[str, dict[str, float]] = {}
        for s in STRINGS:
            tick(f"N={x_n}: {s}")
            data = kol.serialise(strings[s], ser_name)
            bpi[s] = {c: kol.compressed_bits(data, c) / x_n for c in names}
        rows.append({"N": x_n, "pi": pi_n, "density": pi_n / x_n, "bounds": entropy_bounds(x_n, pi_n),
                     "bits_per_integer": bpi,
                     "empirical_density": {s: float(strings[s].mean()) for s in STRINGS}})
    last = rows[-1]
    b = last["bounds"]
    bp = last["bits_per_integer"]
    checks = {
        "below_iid_entropy": {c: bp["primes"][c] < b["iid_entropy"] for c in names},
        "above_wheel30_bound": {c: bp["primes"][c] > b["wheel_30"] for c in names},
        "primes_smaller_than_iid_surrogate": {c: bp["primes"][c] < bp["iid"][c] for c in names},
        "primes_smaller_than_cramer_surrogate": {c: bp["primes"][c] < bp["cramer"][c] for c in names},
        "primes_smaller_than_wheel30_surrogate": {c: bp["primes"][c] < bp["wheel30"][c] for c in names},
        "primes_smaller_than_wheel30_cramer_surrogate": {c: bp["primes"][c] < bp["wheel30_cramer"][c]
                                                         for c in names},
    }
    res = {
        "N": n_max, "pi": last["pi"], "seed": seed,
        "serialisation": {"name": ser_name, "description": kol.SERIALISATIONS[ser_name].description,
                          "integers": "n = 1..N, one symbol per integer"},
        "compressors": {c: kol.COMPRESSORS[c][0] for c in names},
        "size_measure": "8 * (len(C(data)) - len(C(b''))) bits (discovery.kolmogorov.compressed_bits), divided by N",
        "surrogates": {
            "iid": "Bernoulli(pi(N)/N) bits",
            "cramer": "x_1 = 0, x_2 = 1, Bernoulli(1/ln n) for n >= 3",
            "wheel30": "x_2 = x_3 = x_5 = 1; Bernoulli(k_30/|S_30|) on n > 1 coprime to 30; 0 elsewhere",
            "wheel30_cramer": "x_2 = x_3 = x_5 = 1; Bernoulli(min(1, (30/8)/ln n)) on n > 1 coprime to 30; 0 elsewhere",
            "uniform": "fair bits",
            "seeding": "numpy default_rng([seed, model tag, N])",
        },
        "table": rows, "at_N": last, "checks": checks,
        "kolmogorov_bound": {"program": SIEVE_PROGRAM, "program_bytes": len(SIEVE_PROGRAM.encode()),
                             "bits": b["kolmogorov_literal_bits"], "bits_per_integer": b["kolmogorov_literal"],
                             "statement": "K(X_N) <= ceil(log2(N+1)) + 8*len(program) bits, up to the constant of "
                                          "the reference machine (CPython 3)"},
    }
    res["claim"] = _claim(res, names)
    res["verdicts"] = _verdicts(res, names)
    return res


def _claim(r: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Verdict on the literal claim, decided by the measurements (compressors), not by the sieve-program bound.

    A compressed file is a description of ``X_N``, so a compressor that codes it in fewer than
    ``N h(pi(N)/N)`` bits shows that ``X_N`` is not an incompressible string of its density.  To
    leave room for the ``O(log N)`` terms and the description of the decompressor, the claim counts
    as contradicted only when the margin exceeds both :data:`CLAIM_MIN_MARGIN_BITS` and
    :data:`CLAIM_MIN_MARGIN_FRACTION` of ``N h``; the per-integer margin along the table shows
    whether it grows linearly with ``N`` (which no additive constant absorbs).
    """
    ch = r["checks"]
    h_bits = r["at_N"]["bounds"]["iid_entropy"] * r["N"]
    margin = {c: (r["at_N"]["bounds"]["iid_entropy"] - r["at_N"]["bits_per_integer"]["primes"][c]) * r["N"]
              for c in names}
    need = max(CLAIM_MIN_MARGIN_BITS, CLAIM_MIN_MARGIN_FRACTION * h_bits)
    below = [c for c in names if margin[c] > need]
    better = [c for c in names if ch["primes_smaller_than_iid_surrogate"][c]]
    per_integer = {c: [t["bounds"]["iid_entropy"] - t["bits_per_integer"]["primes"][c] for t in r["table"]]
                   for c in names}
    contradicted = bool(below)
    k_bits = r["kolmogorov_bound"]["bits"]
    if contradicted:
        who = "every compressor" if len(below) == len(names) else "the compressor(s) " + ", ".join(below)
        sentence = (f"The literal claim 'prime encodings are incompressible' is contradicted by these measurements: "
                    f"{who} codes X_N in fewer bits than the iid entropy N h(pi(N)/N) of an incompressible string "
                    f"of the same density (by up to {max(margin[c] for c in below):,.0f} bits at N = {r['N']}), and "
                    "the prime string compresses better than its iid surrogate under "
                    + ("every compressor" if len(better) == len(names)
                       else f"{len(better)} of {len(names)} compressors")
                    + f"; independently of any measurement, the sieve program gives K(X_N) <= {k_bits} bits.")
    else:
        sentence = (f"At N = {r['N']} no compressor codes X_N below the iid entropy by more than {need:,.0f} bits, "
                    "so these measurements do not contradict the claim that prime encodings are incompressible"
                    + (f"; only the sieve program's K(X_N) <= {k_bits} bits does." if k_bits < h_bits else
                       f", and at this small N neither does the sieve program's K(X_N) <= {k_bits} bits "
                       f"(more than N h = {h_bits:,.0f} bits)."))
    return {"literal_claim": "prime encodings are incompressible (Kolpakov & Rocke, arXiv 2308.10817)",
            "contradicted": contradicted, "decided_by": "compressed sizes below the iid entropy",
            "required_margin_bits": need, "margin_bits_below_iid_entropy": margin,
            "margin_per_integer_along_table": per_integer, "sentence": sentence}


def _verdicts(r: dict[str, Any], names: list[str]) -> list[str]:
    row = r["at_N"]
    b = row["bounds"]
    bp = row["bits_per_integer"]
    best = min(names, key=lambda c: bp["primes"][c])
    out = [
        f"At N = {r['N']} (pi(N) = {r['pi']}): iid entropy h(pi(N)/N) = {b['iid_entropy']:.4f}, Cramér entropy "
        f"{b['cramer_entropy']:.4f}, wheel-30 bound {b['wheel_30']:.4f}, wheel-210 bound {b['wheel_210']:.4f} "
        f"bits per integer; literal K bound {b['kolmogorov_literal']:.3g} bits per integer "
        f"({b['kolmogorov_literal_bits']} bits in all).",
        "Prime string, bits per integer: " + ", ".join(f"{c} {bp['primes'][c]:.4f}" for c in names)
        + f" (best: {best}); iid surrogate: " + ", ".join(f"{c} {bp['iid'][c]:.4f}" for c in names) + ".",
    ]
    ch = r["checks"]
    for key, text in (("below_iid_entropy", "below the iid entropy"),
                      ("above_wheel30_bound", "above the wheel-30 bound"),
                      ("primes_smaller_than_iid_surrogate", "smaller than the iid surrogate"),
                      ("primes_smaller_than_wheel30_surrogate", "smaller than the wheel-30 surrogate (one draw)"),
                      ("primes_smaller_than_wheel30_cramer_surrogate",
                       "smaller than the wheel-30 Cramér surrogate (one draw)")):
        yes = [c for c in names if ch[key][c]]
        out.append(f"Prime string {text}: " + (", ".join(yes) if yes else "no compressor") + ".")
    over = [c for c in names if bp["iid"][c] > b["iid_entropy"]]
    out.append(f"On the iid surrogate itself {len(over)} of {len(names)} compressors spend more than its entropy "
               "(general-purpose compressors are inefficient on sparse bits), so their gain on the prime string is "
               "structure the iid model does not have.")
    gap = {c: (bp["wheel30"][c] - bp["primes"][c]) / bp["primes"][c] for c in names}
    gap_cr = {c: (bp["wheel30_cramer"][c] - bp["primes"][c]) / bp["primes"][c] for c in names}
    close = all(abs(g) < 0.03 for g in gap_cr.values())
    out.append("Relative excess of the wheel-30 surrogates over the prime string (one draw each): constant density "
               + ", ".join(f"{c} {100 * g:+.1f}%" for c, g in gap.items()) + "; density (30/8)/ln n "
               + ", ".join(f"{c} {100 * g:+.1f}%" for c, g in gap_cr.items()) + ". "
               + ("With the wheel and the falling density the surrogate comes within 3% of the prime string under "
                  "every compressor: what the compressors find is chiefly the wheel (no even n > 2, no multiples of "
                  "3 or 5) and the density 1/ln n, not a formula." if close else
                  "The wheel-30 Cramér surrogate is not within 3% of the prime string under every compressor: the "
                  "compressors find structure beyond the wheel-30 and the density."))
    out.append(r["claim"]["sentence"])
    return out

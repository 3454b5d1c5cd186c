"""How compressible is the prime indicator string?  Compressors against surrogates and entropy bounds.

``X_N = x_1 x_2 ... x_N`` with ``x_n = [n is prime]``.  For ``N`` = the powers of ten from ``10^3``
below ``n_max`` and ``n_max`` itself, the string and its fixed-seed surrogates
(:mod:`discovery.experiments.primes.coding_models`) are serialised and compressed; the compressed
size ``8 (|C(data)| - |C(b"")|)`` bits (:func:`discovery.experiments.complexity.compressors.compressed_bits`,
zlib, bz2, lzma, zstd) is reported per integer next to the iid entropy, the Cramér entropy, the
wheel bounds and the literal bound ``K(X_N) <= log2 N + c``.  The serialisation is named in the
results (default: ``"packed bits"`` = numpy.packbits, 8 integers per byte, ``n = 1`` in the most
significant bit of the first byte).

The literal claim "prime encodings are incompressible" is then decided by the measurements: a
compressor coding ``X_N`` in clearly fewer bits than ``N h(pi(N)/N)`` contradicts it (see
:func:`_claim`).

Example
-------
>>> r = prime_coding_experiment(10**5, compressors=["lzma"])
>>> row = r["at_N"]
>>> row["bounds"]["wheel_30"] < row["bits_per_integer"]["primes"]["lzma"] < row["bounds"]["iid_entropy"]
True
"""

from __future__ import annotations

from typing import Any, Sequence

from discovery.experiments import Stage, stage_callback
from discovery.experiments.complexity.compressors import COMPRESSORS, available_compressors, compressed_bits
from discovery.experiments.complexity.serialisations import SERIALISATIONS as FORMATS
from discovery.experiments.complexity.serialisations import serialise
from discovery.experiments.primes.coding_models import SIEVE_PROGRAM, entropy_bounds, surrogates
from discovery.experiments.primes.sieve import check_n, checkpoints, pi_at, prime_sieve

PRIME_CODING_MAX_N = 2**25
"""Largest N of the prime-coding experiment (at 2^25: six 4 MiB strings, four compressors, ~2.5 min, ~2 GB)."""
ASCII_MAX_N = 10**6
"""The one-byte-per-integer serialisation is accepted only up to this N."""
SERIALISATIONS = {"packed": "packed bits", "ascii": "ASCII 0/1"}
CLAIM_MIN_MARGIN_BITS = 1000
"""A compressor must beat the iid entropy by more than this many bits to count against incompressibility ..."""
CLAIM_MIN_MARGIN_FRACTION = 0.01
"""... and by more than this fraction of N h(pi(N)/N)."""
STRINGS = ("primes", "iid", "cramer", "wheel30", "wheel30_cramer", "uniform")


def row_sizes(n_max: int) -> list[int]:
    """The ``N`` of the table rows: ``10^3, 10^4, ...`` below ``n_max``, then ``n_max``.

    >>> row_sizes(50_000)
    [1000, 10000, 50000]
    """
    return checkpoints(n_max, first=3)


def prime_coding_experiment(n_max: int, compressors: Sequence[str] | None = None, serialisation: str = "packed",
                            seed: int = 0, progress: Stage | None = None) -> dict[str, Any]:
    """Compressed size of ``X_N`` and of its surrogates, for ``N`` = powers of ten up to ``n_max`` and ``n_max``.

    Returns a JSON-ready dict: one row per ``N`` (``pi(N)``, bounds, bits per integer of every string
    under every compressor), the checks at ``n_max``, the literal Kolmogorov bound, and verdicts.

    >>> r = prime_coding_experiment(2000, compressors=["zlib"])
    >>> r["serialisation"]["name"]
    'packed bits'
    """
    n_max = check_n(n_max, cap=PRIME_CODING_MAX_N)
    if serialisation not in SERIALISATIONS:
        raise ValueError(f"unknown serialisation {serialisation!r}; choose from {', '.join(SERIALISATIONS)}")
    if serialisation == "ascii" and n_max > ASCII_MAX_N:
        raise ValueError(f"the ASCII serialisation is limited to N <= {ASCII_MAX_N}; use the packed one")
    ser_name = SERIALISATIONS[serialisation]
    names = list(compressors) if compressors is not None else available_compressors()
    for c in names:
        if c not in available_compressors():
            raise ValueError(f"unknown or unavailable compressor {c!r}; choose from "
                             f"{', '.join(available_compressors())}")
    tick = stage_callback(progress)
    tick("sieve")
    ind = prime_sieve(n_max)
    pts = row_sizes(n_max)
    pis = pi_at(ind, pts).tolist()
    rows = []
    for x_n, pi_n in zip(pts, pis):
        strings = surrogates(ind, x_n, seed)
        bpi: dict[str, dict[str, float]] = {}
        for s in STRINGS:
            tick(f"N={x_n}: {s}")
            data = serialise(strings[s], ser_name)
            bpi[s] = {c: compressed_bits(data, c) / x_n for c in names}
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
        "serialisation": {"name": ser_name, "description": FORMATS[ser_name].description,
                          "integers": "n = 1..N, one symbol per integer"},
        "compressors": {c: COMPRESSORS[c][0] for c in names},
        "size_measure": "8 * (len(C(data)) - len(C(b''))) bits "
                        "(discovery.experiments.complexity.compressors.compressed_bits), divided by N",
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

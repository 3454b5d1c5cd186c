"""The ``complexity`` experiment: every estimator applied to six sources, each next to its surrogates.

Sources (:mod:`discovery.experiments.complexity.sources`): the simple-CF partial quotients of e,
tan(1), pi and a random real, the prime indicator string and iid fair bits.  For each source:

* bits per symbol under every serialisation and compressor (:mod:`.compressors`, :mod:`.serialisations`);
* the LZ76 phrase count ``c`` and ``c log_A(n) / n`` (:mod:`.lz76`);
* the Berlekamp–Massey linear-complexity profile (:mod:`.linear_complexity`);
* the Block Decomposition Method on bits (:mod:`.bdm`, with its limits);

each also on :data:`DISPLAY_DRAWS` ``shuffled`` and ``iid`` surrogates (:mod:`.surrogates`, reported
as mean and sd over the draws).  The verdict rests on the order test (:mod:`.order_test`): per
serialisation x deciding compressor (zlib, bz2, lzma) a rank p-value against ``surrogates`` draws
from the null -- the partial quotients of independent uniform random reals for the CF sources
(a shuffle would also destroy the weak dependence between consecutive partial quotients that every
typical real has), shuffles for the bit strings -- Holm-corrected over the cells.  LZ76 is flagged
uninformative when distinct symbols make up at least half of its phrases.  For the partial
quotients also the description length of a decoded interlaced pattern (:mod:`.description`).  NCD
matrices (lzma) compare the CF sources (decimal text) and the bit sources (packed bits).

Numbers in the results are rounded to 5 significant digits.

>>> _r(3.14159265), _r(123456.7)
(3.1416, 123457.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from cf.pattern import CFPattern
from discovery.experiments import ProgressFn
from discovery.experiments.complexity.bdm import BDM_LIMITS, as_bits, bdm_bits
from discovery.experiments.complexity.compressors import COMPRESSORS, available_compressors, bits_per_symbol, ncd
from discovery.experiments.complexity.description import description_bits
from discovery.experiments.complexity.codes import integer_bits
from discovery.experiments.complexity.linear_complexity import linear_complexity_summary
from discovery.experiments.complexity.lz76 import lz76_complexity, lz76_normalized
from discovery.experiments.complexity.order_test import ALPHA, DECIDING, order_test, rank_p_value
from discovery.experiments.complexity.serialisations import SERIALISATIONS, serialise
from discovery.experiments.complexity.sources import (
    constant_terms,
    prime_indicator,
    random_bits,
    random_real_null,
    random_real_terms,
)
from discovery.experiments.complexity.surrogates import (
    SURROGATE_KINDS,
    make_surrogates,
    shuffled_surrogate,
    surrogate_rng,
)
from discovery.experiments.complexity.symbols import GAUSS_KUZMIN_ENTROPY, empirical_entropy, symbol_array, symbol_codes

TERMS_CAP = 20_000
"""Most partial quotients per constant the experiment accepts (certified expansion + BM profiles)."""
BITS_CAP = 10_000_000
"""Longest prime-indicator / random bit string the experiment accepts."""
LC_MAX = 20_000
"""Berlekamp-Massey profiles (O(n^2)) are computed on at most this many leading symbols."""
LC_DRAWS = 5
"""Surrogate draws of each kind for the linear-complexity profile (O(n^2) each; its spread is tiny)."""
BDM_MAX_BITS = 24_000
"""BDM (pybdm looks blocks up one by one in Python) is computed on at most this many leading bits."""
ASCII_MAX = 20_000
"""The ASCII serialisation of bit strings is used only up to this many bits (zlib -9 is slow on it)."""
DISPLAY_DRAWS = 19
"""Surrogate draws of each kind behind the displayed (non-deciding) statistics: LZ76, BM, BDM, iid columns."""
MAX_DRAWS = 999
"""Most null draws the order test accepts."""
LZ76_WARN_SHARE = 0.5
"""LZ76 is flagged uninformative when the distinct symbols are at least this share of the phrases."""
CF_SOURCES = ("e", "tan(1)", "pi", "random real")
BIT_SOURCES = ("primes", "random bits")
SOURCES = CF_SOURCES + BIT_SOURCES


def _stats(values: Sequence[float]) -> dict[str, Any]:
    v = np.asarray(values, dtype=float)
    return {"mean": _r(float(v.mean())), "sd": _r(float(v.std(ddof=1)) if v.size > 1 else 0.0),
            "values": [_r(float(x)) for x in v]}


def _r(x: float, digits: int = 5) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, max(digits - 1 - math.floor(math.log10(abs(x))), 0))


def _pattern_info(terms: list[int]) -> dict[str, Any]:
    from cf.pattern import decode_interlaced

    head = terms[: min(len(terms), 300)]
    seq = decode_interlaced(head, max_period=12, max_transient=8, max_degree=3, confirm=3)
    raw = sum(integer_bits(t) for t in terms)
    if seq is None:
        return {"found": False, "searched": "period <= 12, transient <= 8, degree <= 3 on the first "
                f"{len(head)} terms", "raw_bits": raw}
    ok = seq.terms(len(terms)) == terms
    pat = CFPattern.signed("+", seq)
    return {"found": ok, "pattern": str(seq), "regenerates_all_terms": ok,
            "description_bits": description_bits(pat), "raw_bits": raw}


def _lz76_record(arr: np.ndarray, n: int, surr: dict[str, list[np.ndarray]]) -> dict[str, Any]:
    codes, A = symbol_codes(arr)
    A = max(A, 2)
    c = lz76_complexity(codes)
    lz: dict[str, Any] = {"c": c, "alphabet_size": A, "normalized": _r(c * math.log(n) / math.log(A) / n),
                          "c_log2n_over_n": _r(c * math.log2(n) / n), "warning": None}
    # every first occurrence of a symbol ends a phrase, so c >= A - 1: when such phrases are at
    # least half of all, c mostly counts distinct symbols and says little about order
    if A >= LZ76_WARN_SHARE * c:
        lz["warning"] = (f"{A} distinct symbols in {n} (A/n = {A / n:.2f}); at least {A - 1} of the {c} phrases "
                         "are forced by a symbol's first occurrence, so the LZ76 figure mostly counts distinct "
                         "symbols and is uninformative about order here")
    for kd, xs in surr.items():
        lz[kd] = _stats([lz76_normalized(x, A) for x in xs])
    return lz


def _analyse(name: str, data: np.ndarray | list[int], kind: str, seed: int, draws: int,
             tick: Callable[[str], None]) -> dict[str, Any]:
    n = len(data)
    arr = symbol_array(data)
    surr = make_surrogates(arr, seed, name, min(draws, DISPLAY_DRAWS))
    rec: dict[str, Any] = {"n": n}
    if kind == "integers":
        sers = ["decimal text", "bytes with escape"]
        null_name = "random-real CFs"
        null = random_real_null(arr, seed, name, draws)
    else:
        sers = ["packed bits"] + (["ASCII 0/1"] if n <= ASCII_MAX else [])
        null_name = "shuffled"
        null = [shuffled_surrogate(arr, surrogate_rng(seed, name, "shuffled", j)) for j in range(draws)]
    tick("compressors")
    test = order_test(arr, sers, null)
    test["null"] = null_name
    comp: dict[str, Any] = {}
    for s in sers:
        blob = serialise(arr, s)
        entry: dict[str, Any] = {"serialisation": SERIALISATIONS[s].description, "bytes": len(blob),
                                 "compressors": {}}
        surr_blobs = {kd: [serialise(x, s) for x in xs] for kd, xs in surr.items()}
        for cell in (c for c in test["cells"] if c["serialisation"] == s):
            c = cell["compressor"]
            e = {"bits_per_symbol": _r(cell["bits_per_symbol"]), "deciding": cell["deciding"],
                 "null": {"mean": _r(cell["null_mean"]), "sd": _r(cell["null_sd"]), "z": _r(cell["z"]),
                          "p": cell["p"], **({"p_holm": cell["p_holm"]} if cell["deciding"] else {})}}
            for kd, blobs in surr_blobs.items():
                e[kd] = _stats([bits_per_symbol(b, n, c) for b in blobs])
            entry["compressors"][c] = e
        comp[s] = entry
    rec["compression"] = comp
    rec["order_test"] = {k: test[k] for k in ("null", "order", "alpha", "draws", "deciding_cells",
                                                "deciding_compressors", "min_p_holm", "best_cell",
                                                "min_draws_to_reject")}
    # -- BDM on bits (integer sequences: the bits of their byte serialisation), against the test's null
    tick("BDM")
    to_bits = (lambda x: x) if kind == "bits" else (lambda x: as_bits(serialise(x, "bytes with escape")))
    bits0 = to_bits(arr)[:BDM_MAX_BITS]
    b0 = bdm_bits(bits0)
    null_b = [bdm_bits(to_bits(x)[:BDM_MAX_BITS]) for x in null[:DISPLAY_DRAWS]]
    rec["bdm"] = {"bits": _r(b0), "bits_per_input_bit": _r(b0 / max(bits0.size, 1)), "input_bits": int(bits0.size),
                  "input": ("the bits" if kind == "bits" else "the bits of the 'bytes with escape' serialisation")
                  + f", at most the first {BDM_MAX_BITS}",
                  "null": null_name, "null_stats": _stats([v / max(bits0.size, 1) for v in null_b]),
                  "p_vs_null": round(rank_p_value(b0, null_b), 6), "limits": BDM_LIMITS}
    # -- LZ76
    tick("LZ76")
    rec["lz76"] = _lz76_record(arr, n, surr)
    # -- linear complexity
    tick("linear complexity")
    m = min(n, LC_MAX)
    from cf.bm import PRIME

    p = 2 if kind == "bits" else PRIME
    lc = linear_complexity_summary(arr[:m], p=p)
    for kd, xs in surr.items():
        lc[kd] = _stats([linear_complexity_summary(x[:m], p=p, curve_points=1)["final_L_over_n"]
                         for x in xs[:LC_DRAWS]])
    rec["linear_complexity"] = lc
    return rec


def best_compression(comp: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """``(serialisation, compressor, entry)`` of the deciding cell with the fewest bits per symbol.

    >>> comp = {"s": {"compressors": {"zlib": {"bits_per_symbol": 2.0, "deciding": True},
    ...                               "zstd": {"bits_per_symbol": 1.0, "deciding": False},
    ...                               "lzma": {"bits_per_symbol": 1.5, "deciding": True}}}}
    >>> best_compression(comp)[:2]
    ('s', 'lzma')
    """
    best = None
    for s, entry in comp.items():
        for c, e in entry["compressors"].items():
            if e.get("deciding", True) and (best is None or e["bits_per_symbol"] < best[2]["bits_per_symbol"]):
                best = (s, c, e)
    assert best is not None
    return best


def _verdict(name: str, rec: dict[str, Any], kind: str) -> str:
    unit = "term" if kind == "integers" else "bit"
    lc = rec["linear_complexity"]
    n_lc, L = lc["n"], lc["final_L"]
    if L <= n_lc // 8 and lc["stable_from"] <= n_lc // 2:
        lc_s = (f"linear complexity stays at {L} from n = {lc['stable_from']} to {n_lc} (a linear recurrence "
                f"of order {L}), while the shuffled surrogate reaches L/n = {lc['shuffled']['mean']:.3f}")
    else:
        lc_s = (f"linear complexity grows like n/2 (L/n = {lc['final_L_over_n']:.3f} at n = {n_lc}; "
                f"shuffled {lc['shuffled']['mean']:.3f} ± {lc['shuffled']['sd']:.3f})")
    t = rec["order_test"]
    s, c = t["best_cell"]
    e = rec["compression"][s]["compressors"][c]
    nl = e["null"]
    against = ("the partial quotients of random reals" if kind == "integers" else "its shuffles")
    head = (f"order test against {against} ({t['draws']} draws, {t['deciding_cells']} cells of "
            f"{'/'.join(t['deciding_compressors'])}, Holm): best cell {c} on {s}, {e['bits_per_symbol']:.4g} "
            f"bits/{unit} vs {nl['mean']:.4g} ± {nl['sd']:.2g} (z = {nl['z']:.2f}, p = {nl['p']:.3g}, "
            f"Holm-adjusted {nl['p_holm']:.3g})")
    if t["order"]:
        what = ("more compressible than a typical real's partial quotients" if kind == "integers"
                else "more compressible than its shuffles: structure beyond the symbol frequencies")
        order = f"order, {what}, at family-wise level {t['alpha']:g}"
    elif t["draws"] < t["min_draws_to_reject"]:
        order = (f"undecided: with {t['draws']} draws the test cannot reject (it needs at least "
                 f"{t['min_draws_to_reject']})")
    else:
        order = f"no order shown at family-wise level {t['alpha']:g}"
    lz = rec["lz76"]
    lz_s = (f"LZ76 normalised {lz['normalized']:.3f} vs {lz['shuffled']['mean']:.3f} ± {lz['shuffled']['sd']:.3f} "
            "shuffled" + (" (uninformative: too many distinct symbols)" if lz["warning"] else ""))
    out = f"{name}: {lc_s}; {head}: {order}; {lz_s}"
    pat = rec.get("pattern")
    if pat is not None and pat.get("found"):
        out += (f"; the interlaced pattern {pat['pattern']} regenerates all {rec['n']} terms with "
                f"{pat['description_bits']} bits of description vs {pat['raw_bits']} bits for the terms coded one by one")
    return out + "."


def run_complexity(terms: int = 2000, bits: int = 100_000, seed: int = 0, surrogates: int = 199,
                   progress: ProgressFn | None = None) -> dict[str, Any]:
    """Run the complexity experiment on the six sources and return JSON-ready results.

    Sources: the simple-CF partial quotients of e, tan(1), pi and a uniformly random real
    (``terms`` each), the prime indicator of ``0 .. bits-1`` and ``bits`` iid fair bits.  For each
    source: bits/symbol per serialisation and compressor, LZ76, the linear-complexity profile
    (on at most :data:`LC_MAX` symbols) and BDM, each next to :data:`DISPLAY_DRAWS` shuffled and
    iid surrogates; the order test with ``surrogates`` null draws per cell (at least 119 are needed
    to reject with 6 cells at 5 %); for the CF sources the description length of a decoded
    interlaced pattern; a verdict string.
    Also NCD matrices (lzma) within the CF sources (decimal text) and the bit sources (packed).
    """
    terms, bits, seed, surrogates = int(terms), int(bits), int(seed), int(surrogates)
    if not 20 <= terms <= TERMS_CAP:
        raise ValueError(f"--terms must be between 20 and {TERMS_CAP}, not {terms}")
    if not 1000 <= bits <= BITS_CAP:
        raise ValueError(f"--bits must be between 1000 and {BITS_CAP}, not {bits}")
    if not DISPLAY_DRAWS <= surrogates <= MAX_DRAWS:
        raise ValueError(f"--surrogates must be between {DISPLAY_DRAWS} and {MAX_DRAWS}, not {surrogates}")
    if seed < 0:
        raise ValueError(f"--seed must be a non-negative integer, not {seed}")
    compressors = available_compressors()
    stages = 5
    total = len(SOURCES) * stages + 1
    done = 0

    def tick_for(name: str) -> Callable[[str], None]:
        def tick(stage: str) -> None:
            nonlocal done
            if progress is not None:
                progress(f"{name}: {stage}", done, total)
            done += 1
        return tick

    data: dict[str, Any] = {}
    info: dict[str, str] = {}
    sources: dict[str, Any] = {}
    for name in SOURCES:
        tick = tick_for(name)
        tick("generating")
        if name in ("e", "tan(1)", "pi"):
            data[name] = constant_terms(name, terms)
            info[name] = f"first {terms} certified simple-CF partial quotients of {name}"
        elif name == "random real":
            data[name], B = random_real_terms(terms, seed)
            info[name] = (f"first {terms} simple-CF partial quotients of a uniform random real in [0, 1) "
                          f"(certified from {B} random bits drawn with seed {seed})")
        elif name == "primes":
            data[name] = prime_indicator(bits)
            info[name] = f"prime indicator [k is prime] for k = 0..{bits - 1}"
        else:
            data[name] = random_bits(bits, seed)
            info[name] = f"{bits} iid fair bits (seed {seed})"
        kind = "integers" if name in CF_SOURCES else "bits"
        rec = {"kind": "partial quotients" if kind == "integers" else "bit string", "description": info[name]}
        rec.update(_analyse(name, data[name], kind, seed, surrogates, tick))
        if kind == "integers":
            arr = data[name]
            rec["symbols"] = {"distinct": len(set(arr)), "max": int(max(arr)),
                              "fraction_of_ones": _r(sum(1 for t in arr if t == 1) / len(arr)),
                              "plugin_entropy_bits": _r(empirical_entropy(arr)),
                              "gauss_kuzmin_entropy_bits": _r(GAUSS_KUZMIN_ENTROPY)}
            rec["pattern"] = _pattern_info(list(arr))
        else:
            rec["symbols"] = {"ones": int(np.sum(data[name])), "density": _r(float(np.mean(data[name]))),
                              "plugin_entropy_bits": _r(empirical_entropy(data[name]))}
        rec["verdict"] = _verdict(name, rec, kind)
        sources[name] = rec
    if progress is not None:
        progress("NCD matrices", done, total)
    ncd_out = {}
    for group, names, ser in (("partial quotients", CF_SOURCES, "decimal text"), ("bits", BIT_SOURCES, "packed bits")):
        blobs = [serialise(data[nm], ser) for nm in names]
        ncd_out[group] = {"compressor": "lzma", "serialisation": ser, "labels": list(names),
                          "matrix": [[_r(ncd(x, y)) for y in blobs] for x in blobs]}
    if progress is not None:
        progress("done", total, total)
    return {
        "sources": sources,
        "ncd": ncd_out,
        "settings": {
            "compressors": {c: COMPRESSORS[c][0] for c in compressors},
            "deciding_compressors": list(DECIDING),
            "order_test": ("one-sided Monte-Carlo rank p = (1 + #{null <= data}) / (draws + 1) per serialisation x "
                           f"deciding compressor cell, Holm-corrected over the cells, order when <= {ALPHA}; null: "
                           "partial quotients of independent uniform random reals (CF sources), shuffles (bits); "
                           "optional compressors are extra, non-deciding columns"),
            "bdm": BDM_LIMITS,
            "bits_per_symbol": "8 * (len(C(serialised data)) - len(C(b''))) / number of symbols",
            "surrogates": {kd: d for kd, (d, _) in SURROGATE_KINDS.items()},
            "surrogate_draws": surrogates,
            "display_draws": min(surrogates, DISPLAY_DRAWS),
            "surrogate_seeding": "numpy default_rng([seed, crc32(source), crc32(kind), draw])",
            "lz76": "Kaspar-Schuster phrase count c; normalized = c log_A(n) / n, A = distinct symbols of the data (>= 2)",
            "linear_complexity": f"Berlekamp-Massey over GF(2) for bits, GF(2^31 - 1) for terms, on at most {LC_MAX} symbols",
            "ascii_bits_max": ASCII_MAX,
            "seed": seed,
        },
    }



"""The text report of the ``complexity`` experiment: per source a table of compressed sizes against
the order test's null and the surrogates, the BDM, LZ76 and linear-complexity lines, the pattern
and the verdict; then the NCD matrices.  Tables are drawn by :func:`discovery.cli.output.table_text`.

>>> ncd = {"bits": {"compressor": "lzma", "serialisation": "packed bits", "labels": ["a", "b"],
...                 "matrix": [[0.0, 1.0], [1.0, 0.0]]}}
>>> print(complexity_text({"sources": {}, "ncd": ncd}))
NCD (lzma, packed bits) among the bits sources:
   a      b
-  -----  -----
a  0.000  1.000
b  1.000  0.000
"""

from __future__ import annotations

from typing import Any

from discovery.cli.output import table_text


def _pm(s: dict[str, Any]) -> str:
    return f"{s['mean']:.4f} ± {s['sd']:.4f}"


def _compression_lines(rec: dict[str, Any], unit: str) -> list[str]:
    t = rec["order_test"]
    rows = []
    for s, entry in rec["compression"].items():
        for c, e in entry["compressors"].items():
            nl = e["null"]
            rows.append([s, c if e["deciding"] else f"{c} (extra)", f"{e['bits_per_symbol']:.4f}", _pm(nl),
                         f"{nl['z']:.2f}", f"{nl['p']:.4f}", f"{nl['p_holm']:.4f}" if e["deciding"] else "-",
                         _pm(e["shuffled"]), _pm(e["iid"])])
    head = ["serialisation", "compressor", f"bits/{unit}", f"null: {t['null']}", "z", "p", "p Holm",
            "shuffled", "iid"]
    return [table_text(head, rows),
            f"order test: {t['draws']} null draws per cell ({t['null']}), one-sided rank p, Holm over the "
            f"{t['deciding_cells']} cells of {', '.join(t['deciding_compressors'])} (extra compressors do not "
            f"decide); smallest adjusted p = {t['min_p_holm']:.4f} "
            f"({'order' if t['order'] else 'no order'} at {t['alpha']:g}; rejection needs >= "
            f"{t['min_draws_to_reject']} draws). Shuffled and iid columns: mean ± sd over the display draws."]


def complexity_text(results: dict[str, Any]) -> str:
    """A human-readable report of :func:`discovery.experiments.complexity.experiment.run_complexity` results."""
    lines: list[str] = []
    for name, rec in results["sources"].items():
        unit = "term" if rec["kind"] == "partial quotients" else "bit"
        lines.append(f"== {name}: {rec['description']}")
        lines += _compression_lines(rec, unit)
        bd = rec["bdm"]
        lines.append(f"BDM ({bd['input']}: {bd['input_bits']} bits): {bd['bits_per_input_bit']:.4f} bits per input "
                     f"bit; null ({bd['null']}) {_pm(bd['null_stats'])}, rank p = {bd['p_vs_null']:.3f} (not deciding)")
        lz = rec["lz76"]
        lines.append(f"LZ76: c = {lz['c']} (alphabet {lz['alphabet_size']}), normalised {lz['normalized']:.4f}; "
                     f"shuffled {_pm(lz['shuffled'])}, iid {_pm(lz['iid'])}")
        if lz.get("warning"):
            lines.append(f"    warning: {lz['warning']}")
        lc = rec["linear_complexity"]
        pts = ", ".join(f"L_{k}={v}" for k, v in lc["samples"][:: max(1, len(lc["samples"]) // 5)])
        lines.append(f"linear complexity over {lc['field']}: L/n = {lc['final_L_over_n']:.4f} at n = {lc['n']} "
                     f"({pts}); shuffled {_pm(lc['shuffled'])}, iid {_pm(lc['iid'])}")
        pat = rec.get("pattern")
        if pat is not None:
            if pat["found"]:
                lines.append(f"pattern: {pat['pattern']}: {pat['description_bits']} bits "
                             f"(terms coded one by one: {pat['raw_bits']} bits)")
            else:
                lines.append(f"pattern: none found ({pat.get('searched', 'did not regenerate all terms')})")
        lines.append(f"verdict: {rec['verdict']}")
        lines.append("")
    if results["sources"]:
        bdm_limits = next(iter(results["sources"].values()))["bdm"]["limits"]
        lines += [f"Limits of {bdm_limits}", ""]
    for group, m in results["ncd"].items():
        lines.append(f"NCD ({m['compressor']}, {m['serialisation']}) among the {group} sources:")
        lines.append(table_text([""] + m["labels"],
                                [[lab] + [f"{v:.3f}" for v in row] for lab, row in zip(m["labels"], m["matrix"])]))
        lines.append("")
    return "\n".join(lines).rstrip()

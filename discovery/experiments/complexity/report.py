"""The text report of the ``complexity`` experiment: per source a table of compressed sizes against
the surrogates, the LZ76 and linear-complexity lines, the pattern and the verdict; then the NCD
matrices.  Tables are drawn by :func:`discovery.cli.output.table_text`.

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


def complexity_text(results: dict[str, Any]) -> str:
    """A human-readable report of :func:`discovery.experiments.complexity.experiment.run_complexity` results."""
    lines: list[str] = []
    for name, rec in results["sources"].items():
        unit = "term" if rec["kind"] == "partial quotients" else "bit"
        lines.append(f"== {name}: {rec['description']}")
        rows = []
        for s, entry in rec["compression"].items():
            for c, e in entry["compressors"].items():
                rows.append([s, c, f"{e['bits_per_symbol']:.4f}",
                             f"{e['shuffled']['mean']:.4f} ± {e['shuffled']['sd']:.4f}",
                             f"{e['iid']['mean']:.4f} ± {e['iid']['sd']:.4f}"])
        lines.append(table_text(["serialisation", "compressor", f"bits/{unit}", "shuffled", "iid"], rows))
        lz = rec["lz76"]
        lines.append(f"LZ76: c = {lz['c']} (alphabet {lz['alphabet_size']}), normalised {lz['normalized']:.4f}; "
                     f"shuffled {lz['shuffled']['mean']:.4f}, iid {lz['iid']['mean']:.4f}")
        lc = rec["linear_complexity"]
        pts = ", ".join(f"L_{k}={v}" for k, v in lc["samples"][:: max(1, len(lc["samples"]) // 5)])
        lines.append(f"linear complexity over {lc['field']}: L/n = {lc['final_L_over_n']:.4f} at n = {lc['n']} "
                     f"({pts}); shuffled {lc['shuffled']['mean']:.4f}, iid {lc['iid']['mean']:.4f}")
        pat = rec.get("pattern")
        if pat is not None:
            if pat["found"]:
                lines.append(f"pattern: {pat['pattern']}: {pat['description_bits']} bits "
                             f"(terms coded one by one: {pat['raw_bits']} bits)")
            else:
                lines.append(f"pattern: none found ({pat.get('searched', 'did not regenerate all terms')})")
        lines.append(f"verdict: {rec['verdict']}")
        lines.append("")
    for group, m in results["ncd"].items():
        lines.append(f"NCD ({m['compressor']}, {m['serialisation']}) among the {group} sources:")
        lines.append(table_text([""] + m["labels"],
                                [[lab] + [f"{v:.3f}" for v in row] for lab, row in zip(m["labels"], m["matrix"])]))
        lines.append("")
    return "\n".join(lines).rstrip()

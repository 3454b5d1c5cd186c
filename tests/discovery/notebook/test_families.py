"""nb.families: one entry per (constant, family) of the stored conjectures, counted from the rows themselves."""

from __future__ import annotations

from collections import Counter

import pytest

from discovery import notebook as nb


def test_families_of_two_constants_match_their_rows(tmp_path):
    db = nb.connect(tmp_path / "f.sqlite")
    try:
        runs = [nb.search(c, coeff_limit=1, periods="1-2", workers=1, db=db) for c in ("e", "tan(1)")]
        rows = nb.conjectures(db).records()
        sizes = Counter((r["constant"], r["family"]) for r in rows)
        fams = nb.families(db)
        assert sorted((f.constant, f.key) for f in fams) == sorted(sizes)  # one entry per (constant, family)
        for f in fams:
            members = [r for r in rows if (r["constant"], r["family"]) == (f.constant, f.key)]
            assert f.members == sizes[(f.constant, f.key)] == len(members)
            assert f.best_rate == max(r["rate"] for r in members)
            assert f.known == any(r["known"] for r in members)
            assert f.best.record["pattern_size"] == min(r["pattern_size"] for r in members)
        digits = [(f.best.verified_digits, f.best_rate) for f in fams]
        assert digits == sorted(digits, reverse=True)  # the default sort: most digits, then best rate
        rates = [f.best_rate for f in nb.families(db, sort="rate")]
        assert rates == sorted(rates, reverse=True)
        only_e = nb.families(db, constant="e", limit=2)
        assert len(only_e) == 2 and {f.constant for f in only_e} == {"e"}
        assert len(nb.families(db, new=True)) == len(fams.new()) == sum(1 for f in fams if not f.known)
        assert sum(len(r.families()) for r in runs) == len(fams)  # the runs' own families, per constant
        assert "families (" in fams._repr_html_() and len(fams.to_frame(["lhs"])) == len(fams)
        with pytest.raises(ValueError, match="best_per_family"):
            nb.families(db, best_per_family=True)
    finally:
        db.close()

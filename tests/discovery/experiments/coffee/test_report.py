"""Tests of discovery.experiments.coffee.report: the erratum stands next to the results it qualifies."""

from __future__ import annotations

import json

from discovery.experiments.coffee import experiment as cf
from discovery.experiments.coffee.report import coffee_text


def test_text_report_and_json_carry_the_erratum(runs100):
    res = {"paper": cf.PAPER, "runs": list(runs100.values()), "scaling": None, "erratum": cf.ERRATUM,
           "erratum_applies_to": cf.ERRATUM_APPLIES}
    text = coffee_text(res)
    assert cf.ERRATUM in text and "border artifacts" in text and "arXiv:1405.6903" in text
    # the erratum follows the rise-and-fall lines it qualifies
    assert text.index("rises and falls (peak >= 3x") < text.index(cf.ERRATUM)
    assert "see the erratum below" in text
    doc = json.loads(json.dumps(res))
    assert "proven to remain small" in doc["erratum"]

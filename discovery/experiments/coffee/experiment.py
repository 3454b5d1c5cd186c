"""The coffee experiment: a run per model at one size, optional scaling fits, and the authors' erratum.

A reproduction of S. Aaronson, S. M. Carroll and L. Ouellette, *Quantifying the Rise and Fall of
Complexity in Closed Systems: The Coffee Automaton*, arXiv:1405.6903 (2014).  The results carry
the authors' erratum (:data:`ERRATUM`): the rise and fall of apparent complexity they measured is
attributed to border artifacts of the coarse-graining, so every report prints it next to the
rise-and-fall results.

>>> "Werness" in ERRATUM and "1405.6903" in PAPER
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from discovery.experiments import ProgressFn
from discovery.experiments.coffee.automaton import validate_model, validate_size
from discovery.experiments.coffee.measures import validate_grain
from discovery.experiments.coffee.parameters import COMPRESSORS, DEFAULT_MIX, DEFAULT_SNAPSHOTS, MODELS
from discovery.experiments.coffee.run import run_model, schedule
from discovery.experiments.coffee.scaling import scaling

PAPER = ("S. Aaronson, S. M. Carroll, L. Ouellette, 'Quantifying the Rise and Fall of Complexity in Closed "
         "Systems: The Coffee Automaton', arXiv:1405.6903 (2014)")

ERRATUM = (
    "Erratum (the authors' correction to arXiv:1405.6903, June 2014): shortly after the paper appeared, "
    "Brent Werness found a serious error in its experimental part. The rise and fall of apparent "
    "complexity the authors measured for the interacting coffee automaton (the bump of their Fig. 10a, "
    "which survived the 7-bucket row-majority adjustment) is now attributed to border artifacts of the "
    "coarse-graining -- cells whose coarse-grained cream fraction lies near a bucket threshold flicker "
    "between two buckets -- which the adjustment removed only in part. The interacting automaton is not "
    "an example of large intermediate complexity: as a corollary of Liggett's (2009) results on the "
    "symmetric exclusion process, its apparent complexity can be proven to remain small, generalising the "
    "O(log(n t)) bound that the paper's appendix proves for the non-interacting automaton."
)

ERRATUM_APPLIES = (
    "This applies to every apparent-complexity curve above: the peaks and rise-and-fall ratios of the "
    "3-bucket and 7-bucket-adjusted coarse-grainings in both models, and to the peak-complexity scaling."
)



def run_experiment(n: int = 100, models: Sequence[str] = MODELS, grain: int | None = None,
                   snapshots: int = DEFAULT_SNAPSHOTS, seed: int = 0, compressor: str = "zlib",
                   mix: float = DEFAULT_MIX, scaling_sizes: Sequence[int] | None = None,
                   progress: ProgressFn | None = None) -> dict[str, Any]:
    """The full experiment: one run per model at size n, optional scaling fits, and the erratum."""
    n = validate_size(n)
    models = [validate_model(m) for m in models]
    if not models:
        raise ValueError("choose at least one model")
    if compressor not in COMPRESSORS:
        raise ValueError(f"unknown compressor {compressor!r}; choose one of {', '.join(COMPRESSORS)}")
    schedule(n, models[0], snapshots, mix)  # checks snapshots and mix before any work
    if scaling_sizes:
        sizes = sorted({validate_size(s) for s in scaling_sizes})
        if len(sizes) < 2:
            raise ValueError("the scaling fit needs at least two different grid sizes")
    if grain is not None:
        validate_grain(grain, n)
        if scaling_sizes:
            validate_grain(grain, min(sizes))
    runs = [run_model(n, m, grain, snapshots, seed, compressor, mix, progress=progress) for m in models]
    res: dict[str, Any] = {
        "paper": PAPER,
        "runs": runs,
        "scaling": None,
        "erratum": ERRATUM,
        "erratum_applies_to": ERRATUM_APPLIES,
    }
    if scaling_sizes:
        res["scaling"] = [scaling(scaling_sizes, m, grain, snapshots, seed, compressor, mix, progress)
                          for m in models]
    return res

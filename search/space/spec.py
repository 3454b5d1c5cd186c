"""Validate a user's search request into a :class:`SearchSpace` and a :class:`PipelineConfig`.

Everything is checked before any work starts; each problem is one ValueError sentence.
"""

from __future__ import annotations

from search.space.lhs import estimate_lhs_count
from search.space.limits import DEFAULT_MAX_PAIRS, check_config, check_size, check_size_estimate
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace


def build_search(constant: str, degree: int = 1, coeff_limit: int = 2, periods: str = "1-2",
                 depth: int = 100, approve_ratio: float = 0.25, min_digits: int = 100,
                 check_digits: int = 1000, max_pairs: int | None = DEFAULT_MAX_PAIRS,
                 too_large_hint: str = "raise the limit to run it") -> tuple[SearchSpace, PipelineConfig]:
    """Check every parameter (:mod:`search.space.limits`) and return the space and pipeline configuration.

    >>> space, config = build_search("e", coeff_limit=1, periods="1")
    >>> space.pair_count(), config.depth
    (24, 100)
    """
    from search.pipeline.context import ConstantContext

    check_config(depth, approve_ratio, min_digits, check_digits)
    space = SearchSpace.from_text(constant, degree, coeff_limit, periods)
    ctx = ConstantContext(constant)  # parses the constant; refuses exact rationals
    space = SearchSpace(ctx.expression, degree, coeff_limit, space.j_min, space.j_max)
    check_size_estimate(*estimate_lhs_count(degree, coeff_limit), len(space.periods), max_pairs, too_large_hint)
    check_size(space.pair_count(), max_pairs, too_large_hint)
    config = PipelineConfig(depth=depth, approve_ratio=approve_ratio, min_digits=min_digits,
                            check_digits=check_digits)
    return space, config


def search_document(space: SearchSpace, config: PipelineConfig, unit_size: int) -> tuple[dict, str]:
    """The stored specification of a search and its content hash (sha256 of canonical JSON)."""
    import hashlib
    import json

    doc = {"space": space.spec(), "config": config.as_dict(), "unit_size": unit_size}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    return doc, hashlib.sha256(text.encode()).hexdigest()


def from_document(doc: dict) -> tuple[SearchSpace, PipelineConfig]:
    """Rebuild the space and configuration from a stored specification."""
    from search.space.units import SPACE_FORMAT

    s = doc["space"]
    legacy = s.get("format", SPACE_FORMAT) == SPACE_FORMAT and s["j_min"] > 1  # periods A-B before format 2
    space = SearchSpace(s["constant"], s["degree"], s["coeff_limit"], s["j_min"], s["j_max"], lengths_only=legacy)
    return space, PipelineConfig(**doc["config"])

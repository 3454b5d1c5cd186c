"""Validate a user's search request into a :class:`SearchSpace` and a :class:`PipelineConfig`.

Everything is checked before any work starts; each problem is one ValueError sentence.
"""

from __future__ import annotations

from search.periods import parse_period_range
from search.pipeline import PipelineConfig
from search.space import SearchSpace

MAX_DEGREE = 4
MAX_COEFF_LIMIT = 100
MAX_DEPTH = 5000


class SearchSpecError(ValueError):
    """An invalid search request."""


def build_search(constant: str, degree: int = 1, coeff_limit: int = 2, periods: str = "1-2",
                 depth: int = 100, approve_ratio: float = 0.25, min_digits: int = 100,
                 check_digits: int = 1000) -> tuple[SearchSpace, PipelineConfig]:
    """Check every parameter and return the space and pipeline configuration."""
    from search.context import ConstantContext

    if not 1 <= degree <= MAX_DEGREE:
        raise SearchSpecError(f"the degree must be between 1 and {MAX_DEGREE}, not {degree}")
    if not 1 <= coeff_limit <= MAX_COEFF_LIMIT:
        raise SearchSpecError(f"the coefficient limit must be between 1 and {MAX_COEFF_LIMIT}, not {coeff_limit}")
    if not 8 <= depth <= MAX_DEPTH:
        raise SearchSpecError(f"the depth must be between 8 and {MAX_DEPTH} terms, not {depth}")
    if not 0 < approve_ratio <= 0.5:
        raise SearchSpecError(f"the approve ratio must be in (0, 0.5], not {approve_ratio}")
    if not 10 <= min_digits <= check_digits:
        raise SearchSpecError(
            f"the digit floor ({min_digits}) must be at least 10 and at most the validation precision ({check_digits})"
        )
    if check_digits > 100_000:
        raise SearchSpecError(f"the validation precision must be at most 100000 digits, not {check_digits}")
    j_min, j_max = parse_period_range(periods)
    ctx = ConstantContext(constant)  # parses the constant; refuses exact rationals
    space = SearchSpace(ctx.expression, degree, coeff_limit, j_min, j_max)
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
    s = doc["space"]
    space = SearchSpace(s["constant"], s["degree"], s["coeff_limit"], s["j_min"], s["j_max"])
    return space, PipelineConfig(**doc["config"])

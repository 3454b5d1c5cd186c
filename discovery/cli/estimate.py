"""An honest time estimate for a big search: measure the rate on a sample of the real space, then extrapolate.

The cost of a pair depends on the constant and on where it lies in the space: a pair that
screens out costs microseconds, a hit pays for confirmation, cascade and validation
(milliseconds).  So the estimate runs the real pipeline (:func:`search.execution.runner.run_unit`,
in this process) on slices of whole LHS rows spread over the space (positions of the van der
Corput sequence, slices doubling in size while the budget allows), after a first slice that loads the kernels and the
constant's context, until about ``budget`` seconds are spent, ``max_pairs`` pairs are sampled, or
the sample holds a ``share`` of the space's pairs (at least ``min_pairs``): at its own rate it has
then taken that share of the time it extrapolates the search to, so the estimate of a search
that takes a second does not take another second.
With ``s`` seconds per pair measured, ``P`` pairs and ``w`` workers the run takes about
``P * s / w``, plus the first slice's time when ``w > 1`` (each worker process builds the
context again; with one worker the search runs in this process and reuses it): a rough guide,
whose precision is that of the sample (hits cluster) and which assumes free cores.

>>> spread(5)
[0.0, 0.5, 0.25, 0.75, 0.125]
>>> rounded(0.4), rounded(47.3), rounded(130), rounded(3 * 3600)
('about 1 s', 'about 50 s', 'about 2 min', 'about 3 h')
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass

from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace, WorkUnit


@dataclass(frozen=True)
class Estimate:
    """A sample of ``sample_pairs`` pairs of a ``pairs``-pair space took ``sample_seconds`` on one core,
    after a first slice (kernels, context) of ``startup_seconds``."""

    sample_pairs: int
    sample_seconds: float
    startup_seconds: float
    pairs: int

    def seconds(self, workers: int = 1) -> float:
        """The extrapolated wall time on ``workers`` processes with free cores.

        >>> est = Estimate(1000, 2.0, 0.5, 10_000)
        >>> est.seconds(1), est.seconds(2)
        (20.0, 10.5)
        """
        per_pair = self.sample_seconds / self.sample_pairs if self.sample_pairs else self.startup_seconds
        return (self.startup_seconds if workers > 1 else 0.0) + self.pairs * per_pair / max(1, workers)

    def text(self, workers: int, where: str) -> str:
        """The sentence the command line prints, ``where`` saying what the time is for ("on 2 workers").

        >>> Estimate(900, 2.4, 0.9, 5040).text(1, "on 1 worker")
        'about 10 s on 1 worker (estimated from a sample: 900 pairs, 18% of the space, took 2.4 s on one core)'
        """
        share = 100 * self.sample_pairs / self.pairs if self.pairs else 100.0
        return (f"{rounded(self.seconds(workers))} {where} (estimated from a sample: {self.sample_pairs:,} pairs, "
                f"{share:.2g}% of the space, took {self.sample_seconds:.1f} s on one core)")


def van_der_corput(i: int) -> float:
    """Point ``i`` of the base-2 van der Corput sequence: the bits of ``i`` mirrored after the binary point."""
    x, f = 0.0, 0.5
    while i:
        x += f * (i & 1)
        i >>= 1
        f /= 2
    return x


def spread(n: int) -> list[float]:
    """The first ``n`` van der Corput points in [0, 1): every prefix is spread evenly."""
    return [van_der_corput(i) for i in range(n)]


def rounded(seconds: float) -> str:
    """``seconds`` to one or two significant figures, in s, min or h: no precision the sample does not have."""
    if seconds < 90:
        value, unit = seconds, "s"
    elif seconds < 90 * 60:
        value, unit = seconds / 60, "min"
    else:
        value, unit = seconds / 3600, "h"
    if value < 1:
        return f"about 1 {unit}" if unit == "s" else f"about {value:.1f} {unit}"
    digits = len(str(int(value)))
    step = 10 ** max(0, digits - 1)
    return f"about {max(1, round(value / step)) * step:,} {unit}"


def estimate(space: SearchSpace, config: PipelineConfig, budget: float = 1.0, max_pairs: int = 16_384,
             share: float = 0.03, min_pairs: int = 256) -> Estimate:
    """Run slices of ``space`` here for about ``budget`` seconds (at most ``max_pairs`` pairs, never a pair
    twice), stopping once the sample holds ``share`` of the space's pairs (and at least ``min_pairs``)."""
    from search.execution.runner import run_unit

    S = len(space.periods)
    rows = space.lhs_count()
    total_pairs = space.pair_count(rows, S)
    digest = space.space_hash()

    def run_rows(first: int, count: int) -> tuple[int, float]:
        count = max(1, min(count, rows - first))
        t = time.perf_counter()
        run_unit(space, config, WorkUnit(0, first * S, (first + count) * S, digest))
        return count * S, time.perf_counter() - t

    _, startup = run_rows(0, 1)  # kernels, context and the LHS list: paid once per worker too
    taken = [(0, 1)]  # sampled row intervals [start, stop), sorted, disjoint
    pairs = seconds = 0.0
    size = max(1, 64 // S)
    for i in range(1, 4 * rows):
        first = int(van_der_corput(i) * rows)
        k = bisect.bisect_right(taken, (first, rows + 1))
        if k and taken[k - 1][1] > first:
            continue  # inside a sampled slice
        stop = min(first + size, taken[k][0] if k < len(taken) else rows)
        n, dt = run_rows(first, stop - first)
        taken.insert(k, (first, stop))
        pairs, seconds = pairs + n, seconds + dt
        if seconds >= budget or pairs >= max_pairs or pairs + S >= rows * S:
            break
        if pairs >= max(min_pairs, share * total_pairs):
            break  # at the sample's own rate, it has cost its share of the whole search
        rows_left = (budget - seconds) * pairs / (seconds * S) if seconds > 0 else 2 * size
        size = max(1, min(2 * size, int(rows_left)))  # doubling, but not far past the budget
    return Estimate(int(pairs), seconds, startup, total_pairs)

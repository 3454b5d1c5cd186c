r"""The coffee automaton: entropy and apparent complexity of cream mixing into coffee.

A reproduction of S. Aaronson, S. M. Carroll and L. Ouellette, *Quantifying the Rise and Fall of
Complexity in Closed Systems: The Coffee Automaton*, arXiv:1405.6903 (2014), together with the
authors' erratum (see :data:`ERRATUM`).

Models
------
The state lives on an :math:`n \times n` grid (``n`` even); at :math:`t = 0` the top :math:`n/2`
rows are cream (1) and the bottom :math:`n/2` rows coffee (0).

*Interacting model* (the symmetric exclusion process in discrete time). One step chooses one of
the :math:`E = 2n(n-1)` horizontally or vertically adjacent pairs of cells uniformly at random and
swaps the two cells (a no-op when they hold the same value). Time :math:`t` counts chosen pairs.
The paper's wording "a pair of adjacent, *differing* particles is selected" describes the same
jump chain run on a different clock: choosing uniformly among all pairs and discarding equal ones
visits the same sequence of distinct states with the same probabilities.

*Non-interacting model.* Each of the :math:`n^2/2` cream particles performs an independent lazy
random walk: one step moves *every* particle to one of its 4 neighbours chosen uniformly; a move
that would leave the grid is refused (the particle stays), which keeps the uniform distribution
stationary (reflecting boundary; the paper's appendix uses a torus for its proof). Several
particles may share a cell; the state is the count per cell.

Diffusive time scale
--------------------
Averaged over the randomness, both models' row densities :math:`\rho_y(t)` obey a discrete heat
equation with reflecting walls, :math:`\dot\rho_y = D(\rho_{y+1} - 2\rho_y + \rho_{y-1})`. For the
interacting model each vertical edge is chosen :math:`t/E` times on average, so :math:`D = 1/E`
per step; for the non-interacting model a particle moves up or down with probability 1/4 each, so
:math:`D = 1/4` per step. The slowest mode :math:`\cos(\pi(y + 1/2)/n)` decays as
:math:`e^{-t/\tau}` with

.. math::  \tau = \frac{1}{2D\,(1 - \cos(\pi/n))} \approx \frac{n^2}{\pi^2 D},

i.e. :math:`\tau \approx 2n^4/\pi^2` swaps (interacting) and :math:`\tau \approx 4n^2/\pi^2`
steps (non-interacting). Its initial amplitude is about :math:`2/\pi`, so after ``mix`` times
:math:`\tau` (default 8) the remaining profile is about :math:`0.64\,e^{-8} \approx 2\cdot10^{-4}`:
the run ends well mixed. Snapshots are taken at :math:`t = 0` and on the geometric schedule
:math:`t_k = \mathrm{round}(t_1 r^{k-1})`, :math:`t_1 = 10^{-3}\tau`, up to :math:`t_{end} =
\text{mix}\cdot\tau` (duplicates after rounding removed).

Measurements
------------
*Entropy* (the paper's proxy for :math:`K(x)`): the compressed size in bytes of the fine-grained
state, one byte per cell in row-major order (counts clipped to 255 in the non-interacting model;
they never come near that). The default compressor is zlib at level 9 (DEFLATE, the algorithm of
gzip, which the paper used; zlib's framing is 12 bytes shorter than gzip's); bz2 and lzma are
available.

*Apparent complexity* (the paper's proxy for :math:`K(S)`, the coarse-grained state). Each cell is
replaced by the mean of the cells in the :math:`g \times g` square centred on it (``g`` odd; the
square is truncated at the grid's edge and the mean taken over the cells inside, as in the
paper's Fig. 1; default ``g`` from :func:`default_grain`: 9 up to n = 80, about n/10 beyond), then

* ``3-bucket`` (paper section 5): the mean :math:`m` is put in bucket
  :math:`\min(2, \lfloor 3m \rfloor)` -- mostly coffee / mixed / mostly cream -- and the bucket
  array (one byte per cell) is compressed;
* ``7-bucket-adjusted`` (paper section 6): bucket :math:`b = \min(6, \lfloor 7m \rfloor)` (equal
  widths, the form :math:`\lfloor a G/L^2 \rfloor` of the paper's appendix, eq. 12), then the
  row-majority adjustment: in every row the majority value :math:`M` is the most frequent bucket
  (ties go to the smaller bucket -- a choice the paper does not specify) and every cell of that row
  with :math:`|b - M| \le 1` is set to :math:`M`; the adjusted array is compressed.

Bucket indices are computed in exact integer arithmetic, :math:`\lfloor B\cdot\text{sum}/\text{count}
\rfloor`, so no cell flips bucket through rounding.

*Row-shuffle surrogate.* To test whether a bump needs any two-dimensional structure at all, each
snapshot is also measured on a surrogate in which every row is permuted independently at random:
each row keeps exactly its values (so the row profile :math:`\rho_y` is unchanged) while every
two-dimensional arrangement is destroyed. If the surrogate shows the same rise and fall, the bump
is produced by thresholding a one-dimensional profile plus independent noise -- the border
artefact of the erratum -- not by tendrils of cream.

Scaling
-------
Over several sizes the peak complexity, its time and the final entropy are fitted by least squares
in log-log form, :math:`\log y = \log A + b \log n`, with :math:`r^2` reported. The paper (Figs. 6-8)
reports entropy maximum :math:`\propto n^2`, complexity maximum roughly linear in ``n`` and the time
of the maximum quadratic in ``n`` in its time units. Here the interacting model's clock counts single
swaps, so a peak at a fixed multiple of :math:`\tau` means :math:`t_{peak} \propto n^4` swaps
(:math:`n^2` sweeps over all pairs); for the non-interacting model :math:`t_{peak} \propto n^2` steps.
"""

from __future__ import annotations

import bz2
import lzma
import math
import time
import zlib
from typing import Any, Callable, Sequence

import numpy as np
from numba import njit

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

MODELS: tuple[str, ...] = ("interacting", "non-interacting")
VARIANTS: tuple[str, ...] = ("3-bucket", "7-bucket-adjusted")
COMPRESSORS: tuple[str, ...] = ("zlib", "bz2", "lzma")
MIN_SIZE = 4
MAX_SIZE = 400
MAX_SNAPSHOTS = 400
DEFAULT_SNAPSHOTS = 60
DEFAULT_MIX = 8.0
FIRST_SNAPSHOT = 1e-3  # t_1 = FIRST_SNAPSHOT * tau
DEFAULT_SCALING_SIZES: tuple[int, ...] = (20, 40, 60, 80, 100)
RISE_FALL_FACTOR = 3.0

ProgressFn = Callable[[str, int, int], None]  # (label, steps done, steps in the run)
CHUNK = 20_000_000  # dynamics are advanced in chunks of at most this many particle moves (progress, Ctrl-C)

# ------------------------------------------------------------------------------------------
# validation
# ------------------------------------------------------------------------------------------


def validate_size(n: int) -> int:
    """Return ``n`` if it is an allowed grid side (even, MIN_SIZE..MAX_SIZE), else raise ValueError."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"the grid size must be an integer, not {n!r}")
    n = int(n)
    if n < MIN_SIZE or n > MAX_SIZE:
        raise ValueError(f"the grid size n must be between {MIN_SIZE} and {MAX_SIZE}, got {n}")
    if n % 2:
        raise ValueError(f"the grid size n must be even (the top half is cream), got {n}")
    return n


def default_grain(n: int) -> int:
    r"""The default grain size: :math:`g = \min(n-1, \max(9, 2\,\mathrm{round}(n/20) + 1))`.

    That is 9 up to n = 80, then the odd number nearest n/10 (11 at n = 100, 21 at n = 200), and
    n - 1 on grids smaller than 10. Why at least 9: in a well-mixed state of the interacting model the
    window mean of :math:`g^2` cells has standard deviation about :math:`1/(2g)`, and the 3-bucket
    thresholds sit :math:`1/6` away from the mixed value 1/2; :math:`g \ge 9` puts them at least
    three standard deviations away, so the mixed state coarse-grains to (almost) uniform "mixed"
    and the complexity can fall back. (Independent walkers fluctuate more -- count variance about
    1/2 instead of 1/4 -- so the non-interacting model keeps more residual complexity at the same g.)
    Above n = 80 the window grows like n/10 so that it stays a fixed fraction of the grid. Smaller
    grains leave the well-mixed state noisy: at n = 100, g = 3 or 5 the 3-bucket complexity never
    falls back.
    """
    return min(n - 1, max(9, 2 * int(round(n / 20)) + 1))


def validate_grain(grain: int, n: int) -> int:
    """Return ``grain`` if it is odd and 1 <= grain <= n, else raise ValueError."""
    if isinstance(grain, bool) or not isinstance(grain, (int, np.integer)):
        raise ValueError(f"the grain size must be an integer, not {grain!r}")
    g = int(grain)
    if g < 1 or g > n:
        raise ValueError(f"the grain size g must be between 1 and the grid size {n}, got {g}")
    if g % 2 == 0:
        raise ValueError(f"the grain size g must be odd so that the g x g window is centred on its cell, got {g}")
    return g


def validate_model(model: str) -> str:
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    return model


# ------------------------------------------------------------------------------------------
# Numba kernels: splitmix64 random bits, the two dynamics
# ------------------------------------------------------------------------------------------

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_M32 = np.uint64(0xFFFFFFFF)
_U1 = np.uint64(1)
_U2 = np.uint64(2)
_U3 = np.uint64(3)
_S27 = np.uint64(27)
_S30 = np.uint64(30)
_S31 = np.uint64(31)
_S32 = np.uint64(32)


@njit(cache=True)
def _splitmix64(s: np.uint64) -> tuple[np.uint64, np.uint64]:
    """One splitmix64 step: new state, 64 output bits (Steele, Lea & Flood 2014)."""
    s = s + _GOLDEN
    z = s
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return s, z ^ (z >> _S31)


@njit(cache=True)
def interacting_steps(grid: np.ndarray, steps: int, rng: np.ndarray) -> int:
    r"""Advance the interacting automaton by ``steps`` uniformly chosen adjacent pairs, in place.

    A pair is drawn without division: 64 random bits give a row :math:`r = \lfloor n x / 2^{32}
    \rfloor` from the high word and :math:`v = \lfloor 2n y / 2^{32} \rfloor` from the low word
    (Lemire's multiply-shift, bias below :math:`2n/2^{32}`); column :math:`c = \lfloor v/2
    \rfloor` and the low bit of ``v`` chooses the right or the lower neighbour. Draws that point off
    the grid (probability :math:`1/n`) are rejected and not counted, so each of the :math:`2n(n-1)`
    pairs is equally likely. Returns the number of swaps that changed the state.

    ``grid``: uint8 (n, n), C-contiguous. ``rng``: uint64 array of length 1, the splitmix64 state,
    updated.
    """
    n = grid.shape[0]
    n64 = np.uint64(n)
    two_n = np.uint64(2 * n)
    s = rng[0]
    done = 0
    swaps = 0
    while done < steps:
        s, z = _splitmix64(s)
        r = np.int64(((z >> _S32) * n64) >> _S32)
        v = ((z & _M32) * two_n) >> _S32
        c = np.int64(v >> _U1)
        down = np.int64(v & _U1)  # 1: lower neighbour, 0: right neighbour
        r2 = r + down
        c2 = c + 1 - down
        if r2 == n or c2 == n:  # off the grid: rejected, not counted (probability 1/n)
            continue
        done += 1
        a = grid[r, c]
        b = grid[r2, c2]
        # branch-free swap: writing equal values back is a no-op
        grid[r, c] = b
        grid[r2, c2] = a
        swaps += a != b
    rng[0] = s
    return swaps


@njit(cache=True)
def noninteracting_steps(rows: np.ndarray, cols: np.ndarray, counts: np.ndarray, steps: int,
                         rng: np.ndarray) -> int:
    """Advance the non-interacting automaton by ``steps`` steps, in place.

    In one step every particle ``k`` (at ``rows[k], cols[k]``) picks one of 4 directions from 2
    random bits (one 64-bit draw serves 32 particles) and moves there unless that leaves the grid.
    ``counts`` (int32, (n, n)) is kept equal to the number of particles per cell. Returns the number
    of particle moves made.
    """
    n = counts.shape[0]
    p = rows.shape[0]
    s = rng[0]
    moves = 0
    for _ in range(steps):
        bits = np.uint64(0)
        left = 0
        for k in range(p):
            if left == 0:
                s, bits = _splitmix64(s)
                left = 32
            d = bits & _U3
            bits = bits >> _U2
            left -= 1
            # d = 0, 1, 2, 3: up, down, left, right
            r = rows[k]
            c = cols[k]
            vert = np.int64(d < _U2)
            sign = 2 * np.int64(d & _U1) - 1
            r2 = r + vert * sign
            c2 = c + (1 - vert) * sign
            if r2 < 0 or r2 >= n or c2 < 0 or c2 >= n:  # off the grid: the particle stays
                continue
            counts[r, c] -= 1
            counts[r2, c2] += 1
            rows[k] = r2
            cols[k] = c2
            moves += 1
    rng[0] = s
    return moves


# ------------------------------------------------------------------------------------------
# the automaton
# ------------------------------------------------------------------------------------------


def initial_grid(n: int) -> np.ndarray:
    """The t = 0 state: uint8 (n, n), top n/2 rows cream (1), bottom rows coffee (0)."""
    n = validate_size(n)
    grid = np.zeros((n, n), dtype=np.uint8)
    grid[: n // 2, :] = 1
    return grid


def seed_state(seed: int, *salt: int) -> int:
    """A 64-bit generator state derived from ``seed`` and ``salt`` (model, size) by SeedSequence."""
    return int(np.random.SeedSequence([int(seed) & (2**63 - 1), *salt]).generate_state(1, np.uint64)[0])


def diffusion_time(n: int, model: str) -> float:
    r"""The decay time :math:`\tau` of the slowest row-density mode, in the model's own steps.

    :math:`\tau = 1/(2D(1-\cos(\pi/n)))` with :math:`D = 1/(2n(n-1))` per swap (interacting) or
    :math:`D = 1/4` per step (non-interacting).
    """
    validate_model(model)
    d = 1.0 / (2 * n * (n - 1)) if model == "interacting" else 0.25
    return 1.0 / (2.0 * d * (1.0 - math.cos(math.pi / n)))


class CoffeeAutomaton:
    """One coffee automaton (interacting or non-interacting) on an n x n grid, with its clock.

    >>> a = CoffeeAutomaton(20, "interacting", seed=1); a.advance(1000); int(a.cream())
    200
    """

    def __init__(self, n: int, model: str = "interacting", seed: int = 0) -> None:
        self.n = validate_size(n)
        self.model = validate_model(model)
        self.t = 0
        self.rng = np.array([seed_state(seed, MODELS.index(model), n)], dtype=np.uint64)
        grid = initial_grid(n)
        if model == "interacting":
            self.grid = grid
        else:
            rows, cols = np.nonzero(grid)
            self.rows = rows.astype(np.int32)
            self.cols = cols.astype(np.int32)
            self.counts = grid.astype(np.int32)

    def advance(self, steps: int) -> None:
        """Run ``steps`` more steps of the dynamics (chosen pairs, or all-particle moves)."""
        steps = int(steps)
        if steps < 0:
            raise ValueError("cannot run the automaton backwards")
        if self.model == "interacting":
            interacting_steps(self.grid, steps, self.rng)
        else:
            noninteracting_steps(self.rows, self.cols, self.counts, steps, self.rng)
        self.t += steps

    def state(self) -> np.ndarray:
        """The fine-grained state: the 0/1 grid or the particle counts per cell (a view)."""
        return self.grid if self.model == "interacting" else self.counts

    def cream(self) -> int:
        """Number of cream particles (conserved: n^2/2)."""
        return int(self.state().sum())


# ------------------------------------------------------------------------------------------
# measurements
# ------------------------------------------------------------------------------------------


def compressed_size(data: np.ndarray, compressor: str = "zlib") -> int:
    """Bytes of ``data`` (uint8, row-major) after compression: zlib level 9, bz2 level 9 or lzma."""
    raw = np.ascontiguousarray(data, dtype=np.uint8).tobytes()
    if compressor == "zlib":
        return len(zlib.compress(raw, 9))
    if compressor == "bz2":
        return len(bz2.compress(raw, 9))
    if compressor == "lzma":
        return len(lzma.compress(raw, preset=9))
    raise ValueError(f"unknown compressor {compressor!r}; choose one of {', '.join(COMPRESSORS)}")


def fine_bytes(state: np.ndarray) -> np.ndarray:
    """The fine-grained state as uint8 (counts clipped to 255)."""
    return np.minimum(state, 255).astype(np.uint8)


def window_sums(state: np.ndarray, grain: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum and cell count of the g x g window centred on every cell, truncated at the array's edge.

    Uses a summed-area table :math:`S_{ij} = \\sum_{i'<i, j'<j} x_{i'j'}`; the window of cell
    :math:`(i, j)` covers rows :math:`[\\max(0, i-h), \\min(n, i+h+1))` (same for columns),
    :math:`h = (g-1)/2`.
    """
    nr, nc = state.shape
    h = grain // 2
    sat = np.zeros((nr + 1, nc + 1), dtype=np.int64)
    sat[1:, 1:] = state.astype(np.int64).cumsum(0).cumsum(1)
    ri, ci = np.arange(nr), np.arange(nc)
    rlo, rhi = np.maximum(ri - h, 0)[:, None], np.minimum(ri + h + 1, nr)[:, None]
    clo, chi = np.maximum(ci - h, 0)[None, :], np.minimum(ci + h + 1, nc)[None, :]
    sums = sat[rhi, chi] - sat[rlo, chi] - sat[rhi, clo] + sat[rlo, clo]
    return sums, (rhi - rlo) * (chi - clo)


def coarse_grain(state: np.ndarray, grain: int) -> np.ndarray:
    """The coarse-grained array: mean of the g x g window centred on each cell (paper, Fig. 1)."""
    sums, cnt = window_sums(state, grain)
    return sums / cnt


def threshold(state: np.ndarray, grain: int, buckets: int) -> np.ndarray:
    """Bucket ``min(B-1, floor(B * mean))`` of every cell's window mean, exact in integers (uint8)."""
    sums, cnt = window_sums(state, grain)
    return np.minimum((sums * buckets) // cnt, buckets - 1).astype(np.uint8)


def row_majority_adjust(buckets: np.ndarray) -> np.ndarray:
    """The paper's adjustment: in each row, cells within one bucket of the row's majority value take it.

    The majority value of a row is its most frequent bucket; ties go to the smaller bucket.
    """
    out = buckets.copy()
    nb = int(buckets.max()) + 1
    for i in range(buckets.shape[0]):
        row = buckets[i]
        maj = int(np.argmax(np.bincount(row, minlength=nb)))
        near = np.abs(row.astype(np.int16) - maj) <= 1
        out[i, near] = maj
    return out


def coarse_state(state: np.ndarray, grain: int, variant: str) -> np.ndarray:
    """The coarse-grained, thresholded (and for the adjusted variant, adjusted) uint8 array."""
    if variant == "3-bucket":
        return threshold(state, grain, 3)
    if variant == "7-bucket-adjusted":
        return row_majority_adjust(threshold(state, grain, 7))
    raise ValueError(f"unknown coarse-graining {variant!r}; choose one of {', '.join(VARIANTS)}")


def entropy_estimate(state: np.ndarray, compressor: str = "zlib") -> int:
    """Compressed size (bytes) of the fine-grained state."""
    return compressed_size(fine_bytes(state), compressor)


def apparent_complexity(state: np.ndarray, grain: int, variant: str = "3-bucket", compressor: str = "zlib") -> int:
    """Compressed size (bytes) of the coarse-grained, thresholded state."""
    return compressed_size(coarse_state(state, grain, variant), compressor)


def row_shuffle_surrogate(state: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Every row of the state permuted independently at random.

    Each row keeps exactly its multiset of values (its cream count, or its particle counts), and
    with it the whole row profile; every two-dimensional arrangement -- tendrils, blobs, vertical
    or horizontal correlations -- is destroyed.
    """
    return rng.permuted(state, axis=1)


# ------------------------------------------------------------------------------------------
# one run
# ------------------------------------------------------------------------------------------


def schedule(n: int, model: str, snapshots: int = DEFAULT_SNAPSHOTS, mix: float = DEFAULT_MIX) -> list[int]:
    """Snapshot times: 0, then geometric from 1e-3 tau to mix * tau (about ``snapshots`` in all)."""
    if snapshots < 3 or snapshots > MAX_SNAPSHOTS:
        raise ValueError(f"the number of snapshots must be between 3 and {MAX_SNAPSHOTS}, got {snapshots}")
    if not (0 < mix <= 1000):
        raise ValueError(f"the mixing factor must be in (0, 1000], got {mix}")
    tau = diffusion_time(n, model)
    t_end = max(2, int(round(mix * tau)))
    t_1 = max(1, int(round(min(FIRST_SNAPSHOT, mix / 10) * tau)))
    ts = np.geomspace(t_1, t_end, snapshots - 1)
    out = [0] + sorted({int(round(x)) for x in ts})
    out[-1] = t_end
    return out


def _summary(values: Sequence[float], times: Sequence[int], tau: float) -> dict[str, Any]:
    v = np.asarray(values, dtype=float)
    k = int(np.argmax(v))
    start, end, peak = float(v[0]), float(v[-1]), float(v[k])
    return {
        "start": int(start), "end": int(end), "peak": int(peak), "peak_index": k,
        "peak_t": int(times[k]), "peak_t_over_tau": times[k] / tau,
        "peak_over_start": peak / start, "peak_over_end": peak / end,
        "rises_and_falls": bool(peak >= RISE_FALL_FACTOR * start and peak >= RISE_FALL_FACTOR * end),
    }


def run_model(n: int, model: str = "interacting", grain: int | None = None, snapshots: int = DEFAULT_SNAPSHOTS,
              seed: int = 0, compressor: str = "zlib", mix: float = DEFAULT_MIX, surrogate: bool = True,
              progress: ProgressFn | None = None) -> dict[str, Any]:
    """Run one automaton from t = 0 to mix * tau and measure every snapshot.

    Returns a JSON-ready dict: parameters, ``t`` (snapshot times in the model's steps),
    ``t_over_tau``, ``entropy`` (bytes), ``complexity`` and (if ``surrogate``)
    ``surrogate_complexity`` per variant (bytes), their summaries (start, end, peak, peak time,
    ratios, ``rises_and_falls`` = peak >= 3x start and end), the entropy's largest drop below its
    running maximum, the cream count at start and end, and the dynamics' speed.
    ``progress(label, done_steps, total_steps)`` is called after each snapshot and chunk of dynamics.
    """
    n = validate_size(n)
    validate_model(model)
    g = default_grain(n) if grain is None else validate_grain(grain, n)
    if compressor not in COMPRESSORS:
        raise ValueError(f"unknown compressor {compressor!r}; choose one of {', '.join(COMPRESSORS)}")
    times = schedule(n, model, snapshots, mix)
    tau = diffusion_time(n, model)
    auto = CoffeeAutomaton(n, model, seed)
    srng = np.random.default_rng([int(seed) & (2**63 - 1), MODELS.index(model), n, 1])
    cream0 = auto.cream()
    entropy: list[int] = []
    cx: dict[str, list[int]] = {v: [] for v in VARIANTS}
    sx: dict[str, list[int]] = {v: [] for v in VARIANTS}
    dyn_seconds = 0.0
    auto.advance(0)  # no-op, but loads (or compiles) the kernel outside the timed loop
    label = f"{model} n={n}"
    per_step = 1 if model == "interacting" else n * n // 2
    chunk = max(1, CHUNK // per_step)
    for t in times:
        while auto.t < t:
            t0 = time.perf_counter()
            auto.advance(min(chunk, t - auto.t))
            dyn_seconds += time.perf_counter() - t0
            if progress is not None and auto.t < t:
                progress(label, auto.t, times[-1])
        st = auto.state()
        entropy.append(entropy_estimate(st, compressor))
        sur = row_shuffle_surrogate(st, srng) if surrogate else None
        for v in VARIANTS:
            cx[v].append(apparent_complexity(st, g, v, compressor))
            if sur is not None:
                sx[v].append(apparent_complexity(sur, g, v, compressor))
        if progress is not None:
            progress(label, t, times[-1])
    ent = np.asarray(entropy, dtype=float)
    running = np.maximum.accumulate(ent)
    out: dict[str, Any] = {
        "model": model, "n": n, "grain": g, "seed": seed, "compressor": compressor, "mix": mix,
        "tau": tau,
        "time_unit": "chosen adjacent pairs (swap attempts)" if model == "interacting" else "steps (every particle moves once)",
        "t": times, "t_over_tau": [t / tau for t in times],
        "entropy": entropy,
        "complexity": cx,
        "entropy_summary": {
            "start": entropy[0], "end": entropy[-1], "max": int(ent.max()),
            "max_drop_below_running_max": float(np.max(1.0 - ent / running)),
        },
        "complexity_summary": {v: _summary(cx[v], times, tau) for v in VARIANTS},
        "cream_start": cream0, "cream_end": auto.cream(),
        "dynamics_seconds": dyn_seconds,
        "steps_per_second": times[-1] / dyn_seconds if dyn_seconds > 0 else None,
    }
    if surrogate:
        out["surrogate_complexity"] = sx
        out["surrogate_summary"] = {v: _summary(sx[v], times, tau) for v in VARIANTS}
    return out


# ------------------------------------------------------------------------------------------
# scaling and the whole experiment
# ------------------------------------------------------------------------------------------


def loglog_fit(xs: Sequence[float], ys: Sequence[float]) -> dict[str, float] | None:
    """Least-squares fit of log y = log A + b log x: exponent b, prefactor A, r^2.

    ``None`` when some y is not positive (e.g. a complexity whose maximum is at t = 0: it never rose).
    """
    if min(ys) <= 0:
        return None
    lx = np.log(np.asarray(xs, dtype=float))
    ly = np.log(np.asarray(ys, dtype=float))
    b, a = np.polyfit(lx, ly, 1)
    pred = a + b * lx
    ss_res = float(np.sum((ly - pred) ** 2))
    ss_tot = float(np.sum((ly - ly.mean()) ** 2))
    return {"exponent": float(b), "prefactor": float(math.exp(a)), "r2": 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0}


def scaling(sizes: Sequence[int], model: str = "interacting", grain: int | None = None,
            snapshots: int = DEFAULT_SNAPSHOTS, seed: int = 0, compressor: str = "zlib", mix: float = DEFAULT_MIX,
            progress: ProgressFn | None = None) -> dict[str, Any]:
    """Peak complexity, its time and the final entropy over several sizes, with log-log fits in n.

    ``grain=None`` uses :func:`default_grain` at each size (g grows with n); an explicit grain is
    kept fixed across sizes (it must be odd and at most the smallest size).
    """
    sizes = sorted({validate_size(s) for s in sizes})
    if len(sizes) < 2:
        raise ValueError("the scaling fit needs at least two grid sizes")
    rows = []
    for n in sizes:
        r = run_model(n, model, grain, snapshots, seed, compressor, mix, surrogate=False, progress=progress)
        rows.append({
            "n": n, "grain": r["grain"], "tau": r["tau"], "entropy_end": r["entropy_summary"]["end"],
            **{f"{v}_peak": r["complexity_summary"][v]["peak"] for v in VARIANTS},
            **{f"{v}_peak_t": r["complexity_summary"][v]["peak_t"] for v in VARIANTS},
            **{f"{v}_peak_t_over_tau": r["complexity_summary"][v]["peak_t_over_tau"] for v in VARIANTS},
        })
    fits = {"entropy_end": loglog_fit(sizes, [r["entropy_end"] for r in rows])}
    for v in VARIANTS:
        fits[f"{v}_peak"] = loglog_fit(sizes, [r[f"{v}_peak"] for r in rows])
        fits[f"{v}_peak_t"] = loglog_fit(sizes, [r[f"{v}_peak_t"] for r in rows])
    return {"model": model, "sizes": sizes, "grain": "default_grain(n)" if grain is None else grain,
            "rows": rows, "fits": fits}


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


# ------------------------------------------------------------------------------------------
# report and plot
# ------------------------------------------------------------------------------------------


def _fmt_t(t: float) -> str:
    return f"{t:.3g}" if t < 1e5 else f"{t:.2e}"


def text_report(res: dict[str, Any], rows: int = 14) -> str:
    """The human-readable report: per model a subsampled snapshot table and the peak summary,
    then the scaling fits, with the erratum printed right after the rise-and-fall results."""
    out: list[str] = [f"Coffee automaton -- {res['paper']}", ""]
    for r in res["runs"]:
        out.append(f"== {r['model']} model, n = {r['n']}, grain g = {r['grain']}, compressor {r['compressor']}, "
                   f"seed {r['seed']} ==")
        out.append(f"time unit: {r['time_unit']}; tau = {_fmt_t(r['tau'])} (slowest diffusive mode); "
                   f"run to {r['mix']:g} tau = {_fmt_t(r['t'][-1])}; "
                   f"{r['steps_per_second'] or 0:,.0f} steps/s")
        out.append(f"cream particles: {r['cream_start']} at t = 0, {r['cream_end']} at the end")
        k = len(r["t"])
        idx = sorted({int(round(i)) for i in np.linspace(0, k - 1, min(rows, k))}
                     | {r["complexity_summary"][v]["peak_index"] for v in VARIANTS})
        hdr = f"{'t':>10} {'t/tau':>8} {'entropy':>8} {'3-bucket':>9} {'7b-adj':>7}"
        if "surrogate_complexity" in r:
            hdr += f"   {'surr 3b':>7} {'surr 7b':>7}"
        out.append(hdr)
        for i in idx:
            line = (f"{_fmt_t(r['t'][i]):>10} {r['t_over_tau'][i]:8.4f} {r['entropy'][i]:8d} "
                    f"{r['complexity']['3-bucket'][i]:9d} {r['complexity']['7-bucket-adjusted'][i]:7d}")
            if "surrogate_complexity" in r:
                line += (f"   {r['surrogate_complexity']['3-bucket'][i]:7d} "
                         f"{r['surrogate_complexity']['7-bucket-adjusted'][i]:7d}")
            out.append(line)
        es = r["entropy_summary"]
        out.append(f"entropy (bytes): {es['start']} -> {es['end']} (max {es['max']}); largest drop below its "
                   f"running maximum {100 * es['max_drop_below_running_max']:.2f}%")
        for v in VARIANTS:
            s = r["complexity_summary"][v]
            verdict = "rises and falls (peak >= 3x start and end)" if s["rises_and_falls"] else \
                "no 3x rise and fall"
            line = (f"apparent complexity {v}: start {s['start']}, peak {s['peak']} at t = {_fmt_t(s['peak_t'])} "
                    f"({s['peak_t_over_tau']:.3f} tau), end {s['end']}; peak/start {s['peak_over_start']:.2f}, "
                    f"peak/end {s['peak_over_end']:.2f}: {verdict}")
            out.append(line)
            if s["rises_and_falls"]:
                out.append("    -> see the erratum below: this rise and fall is attributed to border artifacts of "
                           "the coarse-graining, not to genuine complexity.")
            if "surrogate_summary" in r:
                ss = r["surrogate_summary"][v]
                out.append(f"    row-shuffle surrogate (no 2-D structure): peak {ss['peak']} at "
                           f"{ss['peak_t_over_tau']:.3f} tau; actual/surrogate peak "
                           f"{s['peak'] / ss['peak']:.2f}")
        out.append("")
    out.append(res["erratum"])
    out.append(res["erratum_applies_to"])
    if res.get("scaling"):
        for sc in res["scaling"]:
            out.append("")
            out.append(f"== scaling, {sc['model']} model, sizes {sc['sizes']}, grain {sc['grain']} ==")
            out.append(f"{'n':>5} {'g':>3} {'entropy end':>12} {'peak 3b':>8} {'t/tau':>7} {'peak 7b-adj':>12} {'t/tau':>7}")
            for row in sc["rows"]:
                out.append(f"{row['n']:5d} {row['grain']:3d} {row['entropy_end']:12d} {row['3-bucket_peak']:8d} "
                           f"{row['3-bucket_peak_t_over_tau']:7.3f} {row['7-bucket-adjusted_peak']:12d} "
                           f"{row['7-bucket-adjusted_peak_t_over_tau']:7.3f}")
            for key, f in sc["fits"].items():
                if f is None:
                    out.append(f"  fit {key}: none (the value is 0 at some size: the maximum is at t = 0, no rise)")
                    continue
                out.append(f"  fit {key} ~ {f['prefactor']:.3g} * n^{f['exponent']:.2f}  (r^2 = {f['r2']:.3f})")
        out.append("")
        out.append("The erratum applies to the scaling fits above as well:")
        out.append(res["erratum"])
    return "\n".join(out)


def plot(res: dict[str, Any], path: str) -> None:
    """PNG: per model, entropy and the complexity curves (with surrogates) against t/tau; scaling if run."""
    import matplotlib.pyplot as plt

    runs = res["runs"]
    nrow = len(runs) + (1 if res.get("scaling") else 0)
    fig, axes = plt.subplots(nrow, 2, figsize=(12, 3.6 * nrow), squeeze=False)
    for i, r in enumerate(runs):
        x = np.asarray(r["t_over_tau"][1:])
        ax = axes[i][0]
        ax.plot(x, r["entropy"][1:], color="black")
        ax.set_xscale("log")
        ax.set_xlabel("t / tau")
        ax.set_ylabel(f"entropy: {r['compressor']} bytes")
        ax.set_title(f"{r['model']} n={r['n']}: fine-grained (entropy)")
        ax = axes[i][1]
        for v, c in zip(VARIANTS, ("tab:blue", "tab:red")):
            ax.plot(x, r["complexity"][v][1:], color=c, label=v)
            if "surrogate_complexity" in r:
                ax.plot(x, r["surrogate_complexity"][v][1:], color=c, ls=":", label=f"{v}, row-shuffle surrogate")
        ax.set_xscale("log")
        ax.set_xlabel("t / tau")
        ax.set_ylabel(f"apparent complexity: {r['compressor']} bytes")
        ax.set_title(f"{r['model']} n={r['n']}: coarse-grained g={r['grain']} (apparent complexity)")
        ax.legend(fontsize=7)
    if res.get("scaling"):
        axc, axt = axes[-1]
        for sc, mk in zip(res["scaling"], ("o", "s")):
            ns = np.asarray(sc["sizes"], dtype=float)
            for v, c in zip(VARIANTS, ("tab:blue", "tab:red")):
                for ax, key in ((axc, f"{v}_peak"), (axt, f"{v}_peak_t")):
                    f = sc["fits"][key]
                    ys = np.asarray([r[key] for r in sc["rows"]], dtype=float)
                    ok = ys > 0
                    lab = f"{sc['model']} {v}: " + (f"n^{f['exponent']:.2f}" if f else "no fit")
                    ax.loglog(ns[ok], ys[ok], mk, color=c, label=lab)
                    if f:
                        ax.loglog(ns, f["prefactor"] * ns ** f["exponent"], color=c, lw=0.8)
        from matplotlib.ticker import FixedLocator, NullLocator, ScalarFormatter

        sizes = sorted({n for sc in res["scaling"] for n in sc["sizes"]})
        for ax in (axc, axt):
            ax.xaxis.set_major_locator(FixedLocator(sizes))
            ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_major_formatter(ScalarFormatter())
            ax.set_xlabel("n")
            ax.legend(fontsize=7)
        axc.set_ylabel("peak apparent complexity (bytes)")
        axt.set_ylabel("time of the peak (model steps)")
        axc.set_title("scaling of the peak")
        axt.set_title("scaling of the peak time (interacting: swaps; non-interacting: steps)")
    fig.suptitle("Coffee automaton (arXiv:1405.6903). Erratum (June 2014): the rise and fall of apparent complexity is "
                 "attributed to border artifacts\nof the coarse-graining; it can be proven to remain small in both models "
                 "(O(log nt) for the non-interacting one).",
                 fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)

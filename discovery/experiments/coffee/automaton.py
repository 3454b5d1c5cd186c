r"""The coffee automaton of Aaronson, Carroll & Ouellette (arXiv:1405.6903): the two dynamics.

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
the run ends well mixed.

>>> a = CoffeeAutomaton(8, "non-interacting", seed=2); a.advance(50); a.cream(), a.t
(32, 50)
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from discovery.experiments.coffee.parameters import MAX_SIZE, MIN_SIZE, MODELS


def validate_size(n: int) -> int:
    """Return ``n`` if it is an allowed grid side (even, MIN_SIZE..MAX_SIZE), else raise ValueError.

    >>> validate_size(100)
    100
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"the grid size must be an integer, not {n!r}")
    n = int(n)
    if n < MIN_SIZE or n > MAX_SIZE:
        raise ValueError(f"the grid size n must be between {MIN_SIZE} and {MAX_SIZE}, got {n}")
    if n % 2:
        raise ValueError(f"the grid size n must be even (the top half is cream), got {n}")
    return n


def validate_model(model: str) -> str:
    """Return ``model`` if it names one of :data:`MODELS`, else raise ValueError.

    >>> validate_model("interacting")
    'interacting'
    """
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



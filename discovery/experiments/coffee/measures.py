r"""Entropy and apparent complexity of a coffee-automaton state: compressed fine and coarse grains.

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

>>> from discovery.experiments.coffee.automaton import initial_grid
>>> grid = initial_grid(20)
>>> threshold(grid, 3, 3)[[0, 9, 10, 19], 0].tolist(), entropy_estimate(grid) < 40
([2, 2, 1, 0], True)
"""

from __future__ import annotations

import bz2
import lzma
import zlib

import numpy as np

from discovery.experiments.coffee.parameters import COMPRESSORS, VARIANTS


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


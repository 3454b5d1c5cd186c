"""The coffee experiment's names, limits and defaults, importable without numpy.

The click command (:mod:`discovery.experiments.coffee.commands`) builds its options from these,
and the computation modules validate against them, so the two cannot drift apart.

>>> MODELS, VARIANTS, (MIN_SIZE, MAX_SIZE)
(('interacting', 'non-interacting'), ('3-bucket', '7-bucket-adjusted'), (4, 400))
"""

from __future__ import annotations

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
DEFAULT_SEEDS = 5  # seeds per size (main runs and scaling fits)
MAX_SEEDS = 50
CHUNK = 20_000_000  # dynamics are advanced in chunks of at most this many particle moves (progress, Ctrl-C)

"""The coffee automaton (Aaronson, Carroll & Ouellette, arXiv:1405.6903): entropy rises while
apparent complexity rises and falls -- shown next to the authors' erratum.

The modules, one job each:

``parameters``
    names, limits and defaults (no numpy);
``automaton``
    the interacting and non-interacting dynamics (Numba kernels) and their diffusive time scale;
``measures``
    entropy (compressed fine-grained state), coarse-graining, thresholds, apparent complexity and
    the row-shuffle surrogate;
``run``, ``scaling``, ``experiment``
    one run measured at every snapshot; power-law fits over grid sizes; the whole experiment with
    the paper and its erratum;
``report``, ``plot``, ``commands``
    the text report, the figure and ``esma experiment coffee``.

Importing this package imports nothing heavy.

>>> import discovery.experiments.coffee as coffee
>>> coffee.__name__
'discovery.experiments.coffee'
"""

"""The complexity experiment: what can be measured of Kolmogorov complexity, always against surrogates.

Kolmogorov complexity ``K(x)`` is not computable; what can be measured are *upper bounds* and
*structural statistics*, always next to surrogates that keep the symbol statistics and destroy
the order.  The modules, one job each:

``symbols``
    symbol sequences as arrays, and their plug-in entropy;
``compressors``
    compressed-size upper bounds ``K(x) <= |C(x)| + O(1)`` in bits per symbol, and the
    normalized compression distance;
``codes``, ``serialisations``
    self-delimiting integer codes, and how symbols become the bytes a compressor sees;
``lz76``
    the Lempel–Ziv (1976) phrase count ``c(n)`` and ``c(n) log_A(n) / n``, which tends to
    ``h / log2 A`` for an ergodic source of entropy rate ``h``;
``linear_complexity``
    the Berlekamp–Massey profile ``L_k`` over GF(2) or GF(2^31 - 1): ``~ k/2`` for a random
    sequence, bounded for a linear recurrence;
``surrogates``
    shuffled and iid surrogates from reproducibly seeded generators;
``description``
    the description length (MDL score) of a continued-fraction pattern;
``sources``, ``experiment``, ``report``, ``plot``, ``commands``
    the ``esma experiment complexity`` run: its sources, results, text, figure and click command.

Importing this package imports nothing heavy.

>>> import discovery.experiments.complexity as cx
>>> cx.__name__
'discovery.experiments.complexity'
"""

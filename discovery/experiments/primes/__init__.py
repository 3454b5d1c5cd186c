"""The prime experiments: density, Mertens, Erdős–Kac, prime coding and learnability (DESIGN.md §6).

Claims from the literature are reported honestly: where the data contradict a literal claim, the
results say so.  The modules, one job each:

``sieve``
    the sieve of Eratosthenes, ``omega(n)`` tables and prefix sums (Numba), and the input limits;
``constants``
    B1, E1, Euler's gamma, P(2), zeta(2) and c0;
``density``
    ``pi(N)/N`` against ``1/ln N``, Mertens' three theorems and the independence model;
``statistics``, ``erdos_kac``
    laws on the integers, their distances and normality tests; the Erdős–Kac experiment;
``coding_models``, ``kt_coding``, ``prime_coding``, ``coding_verdicts``
    entropy bounds and surrogates of the prime indicator string; model-based (KT) code lengths; its
    compressibility against surrogate distributions; the verdicts;
``scores``, ``learnability``, ``learnability_verdicts``
    ROC-AUC with bootstrap intervals; what simple models and gradient-boosted trees predict about
    primality; the verdicts;
``report``, ``plot``, ``commands``
    the text reports, the figures and the click commands of ``esma experiment primes |
    erdos-kac | prime-coding | learnability``.

Importing this package imports nothing heavy.

>>> import discovery.experiments.primes as primes
>>> primes.__name__
'discovery.experiments.primes'
"""

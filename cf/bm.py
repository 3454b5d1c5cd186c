"""Berlekamp–Massey over GF(p): linear complexity of integer sequences, fast.

Mathematics
-----------
A sequence ``s_0, s_1, ..., s_{n-1}`` over a field has *linear complexity* ``L`` when ``L`` is
the smallest integer for which a *connection polynomial*

    C(x) = 1 + c_1 x + ... + c_L x^L

exists with

    s_k + c_1 s_{k-1} + ... + c_L s_{k-L} = 0        for every k = L, ..., n-1.

(``deg C`` may be smaller than ``L``; the first ``L - deg C`` terms are then a transient that the
recurrence does not constrain.)  The Berlekamp–Massey algorithm computes ``L`` and one such ``C``
in ``O(n L)`` field operations, processing one term at a time.  The complexity ``L_k`` of the
prefix of length ``k`` never decreases, so once ``L_k`` exceeds an approval bound the whole
sequence is known to exceed it too and the computation can stop (*early abort*): a random
sequence of length ``n`` has ``L ≈ n/2``, so with bound ``B`` it dies after about ``2B`` terms.
When ``n >= 2L`` the connection polynomial of length ``L`` is unique.

The engine works with integer sequences (partial quotients, possibly negative or huge) reduced
modulo a prime ``p < 2^31``, so that every product of two residues fits in a signed 64-bit word.
Reduction can only lose information (``L mod p <= L over Q``); hits are therefore confirmed
exactly in :mod:`cf.recurrence`.

Implementation notes
--------------------
The kernels use the *inversion-free* form of the update,

    C(x) <- b C(x) - d x^m B(x),

where ``d`` is the current discrepancy, ``B`` the connection polynomial before the last length
change and ``b`` its discrepancy.  This keeps ``C`` a non-zero multiple of the usual normalised
polynomial (``C(0) = prod b``), needs no modular inverse in the hot loop, and only the single
sequence wrapper normalises once at the end.  Products are reduced with a floating-point quotient
estimate (exact after one correction step), which avoids a 64-bit hardware division per term.

Example
-------
>>> r = berlekamp_massey([1, 1, 2, 3, 5, 8, 13, 21])
>>> r.length, r.connection == (1, PRIME - 1, PRIME - 1)
(2, True)
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import gmpy2
import numpy as np
from numba import njit

__all__ = [
    "PRIME",
    "SECOND_PRIME",
    "BMResult",
    "reduce_mod",
    "berlekamp_massey",
    "batch_linear_complexity",
    "linear_complexity_profile",
]

PRIME: int = 2147483647
"""The Mersenne prime 2^31 - 1: the default modulus (residue products fit in int64)."""

SECOND_PRIME: int = 2147483629
"""The largest prime below 2^31 - 1: the independent modulus used to confirm hits."""


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _check_modulus(p: int) -> int:
    """Return ``p`` as an int after checking that it is a prime with ``2 <= p < 2^31``."""
    p = operator.index(p)
    if not 2 <= p < 2**31:
        raise ValueError(f"modulus must be a prime in [2, 2^31), got {p}")
    # GMP's primality test (trial division, then Baillie-PSW) is exact below 2^64
    if not gmpy2.is_prime(p):
        raise ValueError(f"modulus must be prime, got {p}")
    return p


def reduce_mod(terms: Sequence[int] | np.ndarray, p: int = PRIME) -> np.ndarray:
    """Reduce integer terms modulo ``p`` into an int64 array with values in ``[0, p)``.

    Works for negative numbers (``-1 -> p - 1``), arbitrarily large Python ints, gmpy2 ``mpz``
    values and integer numpy arrays.  Non-integers (floats, strings) raise ``TypeError`` rather
    than being truncated silently.

    >>> reduce_mod([-1, 0, 2**100], 7).tolist()
    [6, 0, 2]
    """
    p = _check_modulus(p)
    if isinstance(terms, np.ndarray):
        arr = terms
        if arr.ndim != 1:
            raise ValueError("terms must be one-dimensional")
    else:
        terms = list(terms)
        if not terms:
            return np.zeros(0, dtype=np.int64)
        try:
            # Fast path: numpy infers an integer dtype only when every element is an integer
            # that fits; anything else (huge ints, floats, mpz beyond int64) takes the slow path.
            arr = np.array(terms)
        except (OverflowError, ValueError, TypeError):
            arr = np.array(terms, dtype=object)
        if arr.ndim != 1 or arr.dtype.kind not in "iub":
            arr = np.empty(len(terms), dtype=object)
            arr[:] = terms
    kind = arr.dtype.kind
    if kind == "u" and arr.dtype.itemsize == 8:
        return np.mod(arr, np.uint64(p)).astype(np.int64)
    if kind in "iub":
        return np.mod(arr.astype(np.int64), np.int64(p))
    if kind == "O":
        return np.fromiter((operator.index(t) % p for t in arr), dtype=np.int64, count=arr.size)
    raise TypeError(f"terms must be integers, got dtype {arr.dtype}")


# --------------------------------------------------------------------------------------------
# Numba kernels
# --------------------------------------------------------------------------------------------


_M31 = np.int64(2147483647)
_SMALL = np.int64(1) << 20


@njit(cache=True, inline="always")
def _red(x, p, pinv):
    """Return ``x mod p`` for ``0 <= x < 2^63``.

    For the Mersenne prime 2^31 - 1 by folding (shifts and adds); for any other p by a float
    quotient estimate and one correction.
    """
    if p == _M31:
        r = (x & _M31) + (x >> 31)
        r = (r & _M31) + (r >> 31)
        if r >= _M31:
            r -= _M31
        return r
    q = np.int64(x * pinv)
    r = x - q * p
    if r < 0:
        r += p
    elif r >= p:
        r -= p
    return r


@njit(cache=True, inline="always")
def discrepancy(C, s, k, L, p, pinv, small):
    """``d = sum_{i=0}^{L} C[i] s[k-i] mod p``.

    With ``small`` (every ``s`` below 2^20 and L < 4096) the products are < 2^51 and are summed
    directly; otherwise they are split into 32-bit halves so the sum cannot overflow.
    """
    if small:
        acc = np.int64(0)
        for i in range(L + 1):
            acc += C[i] * s[k - i]
        return _red(acc, p, pinv)
    lo = np.int64(0)
    hi = np.int64(0)
    for i in range(L + 1):
        x = C[i] * s[k - i]
        lo += x & 0xFFFFFFFF
        hi += x >> 32
    two32 = _red(np.int64(1) << 32, p, pinv)
    return _red(_red(hi, p, pinv) * two32 + lo, p, pinv)


@njit(cache=True, inline="always")
def connection_update(C, B, b, d, m, LB, top, p, pinv):
    """The inversion-free update ``C <- b*C - d*x^m*B`` on coefficients 0..top (mod p)."""
    nd = p - d
    for i in range(m):
        C[i] = _red(b * C[i], p, pinv)
    for j in range(LB + 1):
        i = j + m
        C[i] = _red(b * C[i] + nd * B[j], p, pinv)
    for i in range(m + LB + 1, top + 1):
        C[i] = _red(b * C[i], p, pinv)


@njit(cache=True, inline="always")
def bm_push(C, B, T, sr, k, L, LB, m, bb, small, p, pinv, bound):
    """One step of the screening kernels' early-abort Berlekamp–Massey on the new residue ``sr[k]``.

    The state is the connection polynomial ``C`` (length ``L``), the previous one ``B`` (length
    ``LB``, ``m`` steps old, discrepancy ``bb`` then), a scratch array ``T`` and whether every
    residue so far is small.  Returns the new ``(B, T, L, LB, m, bb, small, rejected)``; ``C``
    is updated in place, and ``rejected`` is the complexity ``> bound`` that ends the pair (the
    state then is not updated), else 0.
    """
    if sr[k] >= _SMALL:
        small = False
    dd = discrepancy(C, sr, k, L, p, pinv, small)
    if dd == 0:
        return B, T, L, LB, m + 1, bb, small, 0
    if 2 * L <= k:
        newL = k + 1 - L
        if newL > bound:
            return B, T, L, LB, m, bb, small, newL
        for ii in range(L + 1):
            T[ii] = C[ii]
        top = newL
    else:
        newL = L
        top = L
    connection_update(C, B, bb, dd, m, LB, top, p, pinv)
    if newL != L:
        return T, B, newL, L, 1, dd, small, 0
    return B, T, L, LB, m + 1, bb, small, 0


@njit(cache=True)
def _inv_mod(a, p):
    """Return ``a^{-1} mod p`` by the extended Euclidean algorithm (``a`` not divisible by p)."""
    r0, r1 = p, a % p
    t0, t1 = 0, 1
    while r1 != 0:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        t0, t1 = t1, t0 - q * t1
    # r0 == 1 for prime p and a != 0 (mod p)
    t0 %= p
    if t0 < 0:
        t0 += p
    return t0


@njit(cache=True)
def _bm_core(s, n, p, bound, C, B, T, prof, finish_update):
    """Berlekamp–Massey on ``s[:n]`` (residues in [0, p)) with early abort.

    Work arrays ``C``, ``B``, ``T`` must hold at least ``min(n, bound + 1) + 1`` entries (``n + 1``
    if ``finish_update``); they are cleared here.  On return ``C[:L+1]`` is a non-zero scalar
    multiple of the connection polynomial of the processed prefix (not normalised).

    If the linear complexity would exceed ``bound`` at step ``k``, the kernel stops and returns
    ``(L_new, k + 1)``; with ``finish_update`` it first performs that last update so that ``C``
    is a valid connection polynomial for the processed prefix.  Otherwise returns ``(L, n)``.
    If ``prof`` is non-empty, ``prof[k]`` receives the complexity of the prefix of length k + 1.
    """
    pinv = 1.0 / p
    size = C.shape[0]
    for i in range(size):
        C[i] = 0
    C[0] = 1
    B[0] = 1
    L = 0
    LB = 0
    m = 1
    b = np.int64(1)
    record = prof.shape[0] > 0
    small = size < 4096
    for k in range(n):
        if s[k] >= _SMALL:
            small = False
        d = discrepancy(C, s, k, L, p, pinv, small)
        if d == 0:
            m += 1
        else:
            if 2 * L <= k:
                newL = k + 1 - L
                if newL > bound and not finish_update:
                    if record:
                        prof[k] = newL
                    return newL, k + 1
                for i in range(L + 1):
                    T[i] = C[i]
                top = newL
            else:
                newL = L
                top = L
            # C <- b*C - d*x^m*B   (m + LB <= top, and C[i] == 0 for L < i <= top)
            connection_update(C, B, b, d, m, LB, top, p, pinv)
            if newL != L:
                B, T = T, B
                LB = L
                L = newL
                b = d
                m = 1
                if L > bound:
                    if record:
                        prof[k] = L
                    return L, k + 1
            else:
                m += 1
        if record:
            prof[k] = L
    return L, n


@njit(cache=True)
def _bm_single(s, p, bound):
    """One sequence: returns (L, terms used, normalised connection C[0..L] with C[0] = 1)."""
    n = s.shape[0]
    C = np.zeros(n + 1, dtype=np.int64)
    B = np.zeros(n + 1, dtype=np.int64)
    T = np.zeros(n + 1, dtype=np.int64)
    prof = np.zeros(0, dtype=np.int64)
    L, used = _bm_core(s, n, p, bound, C, B, T, prof, True)
    inv = _inv_mod(C[0], p)
    out = np.empty(L + 1, dtype=np.int64)
    for i in range(L + 1):
        out[i] = C[i] * inv % p
    return L, used, out


@njit(cache=True)
def _bm_profile(s, p):
    """Linear complexity profile: out[k] = L of the prefix s[:k+1]."""
    n = s.shape[0]
    C = np.zeros(n + 1, dtype=np.int64)
    B = np.zeros(n + 1, dtype=np.int64)
    T = np.zeros(n + 1, dtype=np.int64)
    prof = np.zeros(n, dtype=np.int64)
    _bm_core(s, n, p, n, C, B, T, prof, True)
    return prof


@njit(cache=True)
def _bm_batch(seqs, lengths, p, bound, out):
    """Linear complexity of every row ``seqs[r, :lengths[r]]``; ``bound + 1`` when it exceeds bound."""
    M = seqs.shape[0]
    ncols = seqs.shape[1]
    size = min(bound, ncols) + 2
    C = np.zeros(size, dtype=np.int64)
    B = np.zeros(size, dtype=np.int64)
    T = np.zeros(size, dtype=np.int64)
    prof = np.zeros(0, dtype=np.int64)
    for r in range(M):
        L, used = _bm_core(seqs[r], lengths[r], p, bound, C, B, T, prof, False)
        out[r] = L if L <= bound else bound + 1
    return out


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BMResult:
    """Outcome of Berlekamp–Massey on the first ``n`` terms of a sequence modulo ``prime``.

    ``connection`` holds ``(1, c_1, ..., c_L)`` reduced to ``[0, prime)``, i.e. the coefficients
    of ``C(x) = 1 + c_1 x + ... + c_L x^L`` with ``sum_i c_i s_{k-i} = 0 (mod prime)`` for
    ``L <= k < n``.  ``length`` is the linear complexity ``L`` of those ``n`` terms.  When
    ``aborted`` is true the run stopped early because ``length`` exceeded the bound; ``n`` is then
    the number of terms processed and ``length`` / ``connection`` describe that prefix only (the
    complexity of the full sequence is at least ``length``).

    >>> berlekamp_massey([1, 2, 4, 8, 16], p=101)
    BMResult(length=1, connection=(1, 99), prime=101, aborted=False, n=5)
    """

    length: int
    connection: tuple[int, ...]
    prime: int
    aborted: bool
    n: int


def berlekamp_massey(
    terms: Sequence[int] | np.ndarray, p: int = PRIME, bound: int | None = None
) -> BMResult:
    """Linear complexity and connection polynomial of ``terms`` modulo the prime ``p``.

    ``terms`` are arbitrary integers (reduced with :func:`reduce_mod`).  With ``bound`` set, the
    computation stops as soon as the linear complexity exceeds ``bound`` (``aborted=True``).

    >>> r = berlekamp_massey([2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12])
    >>> r.length, [c if c < PRIME // 2 else c - PRIME for c in r.connection]
    (7, [1, 0, 0, -2, 0, 0, 1, 0])
    >>> berlekamp_massey([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8], bound=3).aborted
    True
    """
    p = _check_modulus(p)
    s = reduce_mod(terms, p)
    n = s.shape[0]
    bnd = n if bound is None else max(0, min(operator.index(bound), n))
    L, used, conn = _bm_single(s, p, bnd)
    return BMResult(
        length=int(L),
        connection=tuple(conn.tolist()),
        prime=p,
        aborted=bool(L > bnd),
        n=int(used),
    )


def batch_linear_complexity(
    seqs: np.ndarray, lengths: np.ndarray, p: int, bound: int
) -> np.ndarray:
    """Linear complexities modulo ``p`` of many sequences, with early abort at ``bound``.

    ``seqs`` is an ``(M, n)`` int64 array whose entries are already reduced to ``[0, p)``; row
    ``r`` holds a sequence of ``lengths[r]`` valid terms (the rest of the row is ignored).  The
    result ``out[r]`` is the exact linear complexity of that row when it is ``<= bound`` and
    ``bound + 1`` otherwise (the row was abandoned as soon as its complexity exceeded ``bound``).
    The whole batch runs in one compiled loop with work arrays shared across rows.

    >>> seqs = np.array([[1, 1, 2, 3, 5, 8, 13, 21], [3, 1, 4, 1, 5, 9, 2, 6]])
    >>> batch_linear_complexity(seqs, np.array([8, 8]), PRIME, 2).tolist()
    [2, 3]
    """
    p = _check_modulus(p)
    bound = operator.index(bound)
    if bound < 0:
        raise ValueError("bound must be non-negative")
    seqs = np.ascontiguousarray(seqs, dtype=np.int64)
    if seqs.ndim != 2:
        raise ValueError("seqs must be a 2-D array (M, n)")
    lengths = np.ascontiguousarray(lengths, dtype=np.int64)
    if lengths.shape != (seqs.shape[0],):
        raise ValueError("lengths must have shape (M,)")
    if lengths.size and (lengths.min() < 0 or lengths.max() > seqs.shape[1]):
        raise ValueError("lengths must lie in [0, n]")
    if seqs.size and (seqs.min() < 0 or seqs.max() >= p):
        raise ValueError("seqs must be reduced to [0, p); use reduce_mod")
    out = np.empty(seqs.shape[0], dtype=np.int64)
    return _bm_batch(seqs, lengths, p, bound, out)


def linear_complexity_profile(terms: Sequence[int] | np.ndarray, p: int = PRIME) -> np.ndarray:
    """Linear complexity profile ``out[k-1] = L_k``, the complexity of the first ``k`` terms.

    ``L_k`` is non-decreasing and jumps only to ``k - L_{k-1}``; a random sequence follows
    ``L_k ≈ k/2``, a sequence with a short recurrence levels off at its linear complexity.

    >>> linear_complexity_profile([1, 1, 2, 3, 5, 8]).tolist()
    [1, 1, 2, 2, 2, 2]
    """
    p = _check_modulus(p)
    return _bm_profile(reduce_mod(terms, p), p)

"""Self-delimiting codes of integers and rationals, and their lengths.

* ``zigzag``: the bijection ``Z -> {1, 2, 3, ...}``, ``0, -1, 1, -2, 2, ... -> 1, 2, 3, 4, 5, ...``;
* Elias gamma: ``floor(log2 n)`` zeros, then the binary digits of ``n``: ``2 floor(log2 n) + 1`` bits;
* Elias delta: gamma of the digit count ``L``, then the ``L - 1`` digits of ``n`` after the leading 1;
* LEB128: little-endian base-128 varint, 7 bits per byte, the high bit set on every byte but the last.

Gamma and delta codes are prefix-free, so concatenations of them are decodable: they price the
parts of a description (:mod:`discovery.experiments.complexity.description`).

>>> [elias_delta_bits(zigzag(z)) for z in (0, 1, -3)], leb128(300)
([1, 4, 5], b'\\xac\\x02')
"""

from __future__ import annotations

from fractions import Fraction


def leb128(z: int) -> bytes:
    """The unsigned LEB128 varint of ``z >= 0``: 7 bits per byte, least significant group first.

    >>> leb128(0), leb128(127), leb128(128)
    (b'\\x00', b'\\x7f', b'\\x80\\x01')
    """
    out = bytearray()
    while True:
        b = z & 0x7F
        z >>= 7
        if z:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def elias_gamma_bits(n: int) -> int:
    """Length of the Elias gamma code of ``n >= 1``: ``2 floor(log2 n) + 1``.

    >>> [elias_gamma_bits(n) for n in (1, 2, 3, 4, 100)]
    [1, 3, 3, 5, 13]
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"the Elias gamma code needs a positive integer, not {n}")
    return 2 * (n.bit_length() - 1) + 1


def elias_delta_bits(n: int) -> int:
    """Length of the Elias delta code of ``n >= 1``: ``floor(log2 n) + gamma(floor(log2 n) + 1)``.

    >>> [elias_delta_bits(n) for n in (1, 2, 3, 4, 100, 10**6)]
    [1, 4, 4, 5, 11, 28]
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"the Elias delta code needs a positive integer, not {n}")
    L = n.bit_length()
    return L - 1 + elias_gamma_bits(L)


def zigzag(z: int) -> int:
    """The bijection Z -> {1, 2, 3, ...}: ``0, -1, 1, -2, 2, ...`` -> ``1, 2, 3, 4, 5, ...``.

    >>> [zigzag(z) for z in (0, -1, 1, -2, 2)]
    [1, 2, 3, 4, 5]
    """
    z = int(z)
    return 2 * z + 1 if z >= 0 else -2 * z


def integer_bits(z: int) -> int:
    """Bits of a signed integer: Elias delta of :func:`zigzag`.

    >>> integer_bits(0), integer_bits(1), integer_bits(2)
    (1, 4, 5)
    """
    return elias_delta_bits(zigzag(z))


def rational_bits(q: int | Fraction) -> int:
    """Bits of a rational ``u/v`` in lowest terms: ``integer_bits(u) + elias_delta_bits(v)``.

    >>> rational_bits(2), rational_bits(Fraction(1, 2)), rational_bits(0)
    (6, 8, 2)
    """
    q = Fraction(q)
    return integer_bits(q.numerator) + elias_delta_bits(q.denominator)



"""Serialisations: how a sequence of symbols becomes the bytes given to a compressor.

A compressed size is only meaningful together with the serialisation, so every result names it:

* ``decimal text``: the terms as decimal ASCII separated by commas;
* ``bytes with escape``: one byte per term ``0..254``; any other term as byte 255 followed by the
  LEB128 varint of ``zigzag(term) - 1`` (:mod:`discovery.experiments.complexity.codes`);
* ``packed bits``: numpy.packbits, 8 bits per byte, first bit most significant, zero-padded;
* ``ASCII 0/1``: one character ``'0'`` or ``'1'`` per bit.

Integer sequences (partial quotients) use the first two, bit strings the last two.

>>> serialise([3, 1, 4], "decimal text"), serialise([1, 1, 0, 1], "packed bits")
(b'3,1,4', b'\\xd0')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from discovery.experiments.complexity.codes import leb128, zigzag


def _ser_text(seq: Sequence[int]) -> bytes:
    return ",".join(str(int(t)) for t in seq).encode("ascii")


def _ser_escape(seq: Sequence[int]) -> bytes:
    arr = np.asarray(seq) if not isinstance(seq, np.ndarray) else seq
    if arr.dtype.kind in "iu" and arr.size and int(arr.min()) >= 0 and int(arr.max()) < 255:
        return arr.astype(np.uint8).tobytes()
    out = bytearray()
    for t in seq:
        t = int(t)
        if 0 <= t < 255:
            out.append(t)
        else:
            out.append(255)
            out += leb128(zigzag(t) - 1)
    return bytes(out)


def _as_bits(seq: Sequence[int]) -> np.ndarray:
    arr = np.asarray(seq)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        raise ValueError("a bit serialisation needs symbols 0 and 1")
    return arr.astype(np.uint8)


def _ser_packed(seq: Sequence[int]) -> bytes:
    return np.packbits(_as_bits(seq)).tobytes()


def _ser_ascii(seq: Sequence[int]) -> bytes:
    return (_as_bits(seq) + ord("0")).tobytes()


@dataclass(frozen=True)
class Serialisation:
    """How a symbol sequence becomes the bytes given to a compressor."""

    name: str
    description: str
    encode: Callable[[Sequence[int]], bytes]


SERIALISATIONS: dict[str, Serialisation] = {
    s.name: s
    for s in (
        Serialisation("decimal text", "terms as decimal ASCII text separated by commas", _ser_text),
        Serialisation("bytes with escape",
                      "one uint8 byte per term 0..254; any other term as byte 255 followed by the "
                      "LEB128 varint of zigzag(term) - 1", _ser_escape),
        Serialisation("packed bits", "numpy.packbits: 8 bits per byte, first bit most significant, zero-padded",
                      _ser_packed),
        Serialisation("ASCII 0/1", "one ASCII character '0' or '1' per bit", _ser_ascii),
    )
}
"""The serialisations by name; integer sequences use the first two, bit strings the last two."""


def serialise(seq: Sequence[int], name: str) -> bytes:
    """Bytes of ``seq`` under the named serialisation.

    >>> serialise([2, 1, 300], "decimal text"), serialise([2, 1, 300], "bytes with escape")
    (b'2,1,300', b'\\x02\\x01\\xff\\xd8\\x04')
    >>> serialise([1, 0, 1], "packed bits"), serialise([1, 0, 1], "ASCII 0/1")
    (b'\\xa0', b'101')
    """
    if name not in SERIALISATIONS:
        raise ValueError(f"unknown serialisation {name!r}; choose from {', '.join(SERIALISATIONS)}")
    return SERIALISATIONS[name].encode(seq)


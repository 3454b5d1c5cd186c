"""Tests of discovery.experiments.complexity.serialisations: decodable bytes for terms and bits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discovery.experiments.complexity import serialisations as K


def _decode_escape(data: bytes) -> list[int]:
    out, i = [], 0
    while i < len(data):
        b = data[i]
        i += 1
        if b < 255:
            out.append(b)
            continue
        z, shift = 0, 0
        while True:
            byte = data[i]
            i += 1
            z |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        z += 1  # zigzag value
        out.append((z - 1) // 2 if z % 2 else -(z // 2))
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-(10**30), max_value=10**30) | st.integers(0, 300)))
def test_escape_serialisation_round_trips(xs):
    assert _decode_escape(K.serialise(xs, "bytes with escape")) == xs
    assert K.serialise(xs, "decimal text").decode() == ",".join(map(str, xs))


def test_bit_serialisations():
    bits = [1, 0, 1, 1, 0, 0, 0, 0, 1]
    assert K.serialise(bits, "packed bits") == bytes([0b10110000, 0b10000000])
    assert K.serialise(bits, "ASCII 0/1") == b"101100001"
    with pytest.raises(ValueError):
        K.serialise([0, 2], "packed bits")


def test_unknown_serialisation_refused():
    with pytest.raises(ValueError, match="unknown serialisation"):
        K.serialise([1], "morse")

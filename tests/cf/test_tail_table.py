"""The table of screened tails: what is stored is found, nothing else ever is."""

from __future__ import annotations

import numpy as np

from cf.tail_table import (
    ENTRY,
    MAX_PROBES,
    TAIL_OPEN,
    TAIL_REJECTED,
    clear_region,
    find,
    insert,
    key_hash,
    kind_of,
    length_of,
    verdict,
)


def _key(*words: int) -> np.ndarray:
    return np.array(words, dtype=np.int64)


def test_stored_verdicts_are_found_in_any_region_and_only_for_their_key():
    table = np.zeros((3, 256, ENTRY), dtype=np.int64)
    rng = np.random.default_rng(5)
    keys = [_key(*rng.integers(-10**6, 10**6, size=6), 77) for _ in range(120)]
    for i, key in enumerate(keys):
        assert insert(table, i % 3, key_hash(key), key, verdict(TAIL_REJECTED if i % 2 else TAIL_OPEN, i))
    for i, key in enumerate(keys):
        v = find(table, key_hash(key), key)
        assert (kind_of(v), length_of(v)) == (TAIL_REJECTED if i % 2 else TAIL_OPEN, i)
        other = key.copy()
        other[6] = 78  # another salt: another constant or depth
        assert find(table, key_hash(other), other) == 0


def test_a_full_probe_sequence_refuses_and_a_cleared_region_forgets():
    table = np.zeros((1, 4, ENTRY), dtype=np.int64)
    keys = [_key(i, 0, 0, 0, 0, 2, 1) for i in range(MAX_PROBES + 3)]
    stored = [insert(table, 0, key_hash(k), k, verdict(TAIL_REJECTED, 30)) for k in keys]
    assert stored == [True] * 4 + [False] * (len(keys) - 4)
    assert all(find(table, key_hash(k), k) != 0 for k in keys[:4])
    clear_region(table, 0)
    assert not table.any()
    assert all(find(table, key_hash(k), k) == 0 for k in keys)


def test_an_entry_whose_hash_word_does_not_match_its_key_is_skipped():
    """A slot caught half written (key words of one tail, hash of another) is never accepted."""
    table = np.zeros((1, 64, ENTRY), dtype=np.int64)
    a, b = _key(1, 2, 3, 4, 5, 2, 9), _key(1, 2, 3, 4, 6, 2, 9)
    insert(table, 0, key_hash(a), a, verdict(TAIL_REJECTED, 25))
    slot = int(np.nonzero(table[0, :, ENTRY - 1])[0][0])
    table[0, slot, :7] = b  # the key words now name b, the hash word still a
    assert find(table, key_hash(b), b) == 0
    assert find(table, key_hash(a), a) == 0


def test_hashes_are_never_zero_and_spread():
    hs = {int(key_hash(_key(i, -i, 3 * i, 7, i % 5, 2, 11))) for i in range(5000)}
    assert 0 not in hs and len(hs) == 5000

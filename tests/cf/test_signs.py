"""Sign-period lists and their parsing."""


from itertools import product

import pytest

from cf.signs import (
    MAX_SEARCH_PERIOD_LENGTH,
    SignPeriodError,
    is_primitive,
    parse_period_range,
    sign_periods,
)


def _sequences_with_period_in(j_min: int, j_max: int) -> set[str]:
    """Brute force: every word of every length J in the range, reduced to its shortest period."""
    out = set()
    for J in range(j_min, j_max + 1):
        for letters in product("+-", repeat=J):
            w = "".join(letters)
            d = next(d for d in range(1, J + 1) if J % d == 0 and w[:d] * (J // d) == w)
            out.add(w[:d])
    return out


def test_counts_and_order():
    assert sign_periods(1, 3) == ["+", "-", "+-", "-+", "++-", "+-+", "+--", "-++", "-+-", "--+"]
    assert len(sign_periods(1, 3)) == 2 + 2 + 6
    assert sign_periods(1, 1) == ["+", "-"]


def test_a_range_means_every_sequence_with_such_a_period_once():
    # the published reference configuration: periods of length exactly 2 are ++, +-, -+, --
    assert sign_periods(2, 2) == ["+", "-", "+-", "-+"]
    for j_min in range(1, 7):
        for j_max in range(j_min, 7):
            words = sign_periods(j_min, j_max)
            assert len(set(words)) == len(words)
            assert set(words) == _sequences_with_period_in(j_min, j_max)
            assert all(is_primitive(w) for w in words)
            assert words == sorted(words, key=lambda w: (len(w), w.replace("-", "~")))


def test_counts_match_necklace_formula():
    # primitive words of length n over 2 letters: sum_{k | n} mu(k) 2^(n/k); with their divisors'
    # words, the sequences of period length n are as many as the words of length n
    expected = {1: 2, 2: 2, 3: 6, 4: 12, 5: 30, 6: 54, 7: 126, 8: 240, 12: 4020}
    for n, count in expected.items():
        assert sum(len(w) == n for w in sign_periods(n, n)) == count
        assert len(sign_periods(n, n)) == 2 ** n  # each word of length n is a power of one of them


def test_no_repetitions_and_all_rotations_kept():
    words = sign_periods(1, 6)
    assert len(set(words)) == len(words)
    assert "++" not in words and "+-+-" not in words and "-+-+" not in words and "---" not in words
    assert {"++-", "+-+", "-++"} <= set(words)
    for n in range(1, 7):
        brute = [
            "".join(w)
            for w in product("+-", repeat=n)
            if not any(n % k == 0 and "".join(w)[:k] * (n // k) == "".join(w) for k in range(1, n))
        ]
        assert [w for w in sign_periods(n, n) if len(w) == n] == brute


def test_primitive_helpers():
    assert is_primitive("+") and is_primitive("+-") and not is_primitive("++")
    assert is_primitive("+-+") and not is_primitive("+-+-") and not is_primitive("--+--+")


def test_parse_period_range():
    assert parse_period_range("1-3") == (1, 3)
    assert parse_period_range(" 2 - 2 ") == (2, 2)
    assert parse_period_range("4") == (4, 4)
    assert parse_period_range(f"1-{MAX_SEARCH_PERIOD_LENGTH}") == (1, 12)


@pytest.mark.parametrize("text", ["5-2", "0-3", "", "  ", "a-b", "1-", "-3", "1-13", "1-2-3", "1.5-2"])
def test_parse_period_range_errors(text):
    with pytest.raises(SignPeriodError) as info:
        parse_period_range(text)
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message


@pytest.mark.parametrize("j_min,j_max", [(0, 2), (3, 2), (1, 13), (True, 2), (1.0, 2)])
def test_sign_periods_validation(j_min, j_max):
    with pytest.raises(SignPeriodError):
        sign_periods(j_min, j_max)

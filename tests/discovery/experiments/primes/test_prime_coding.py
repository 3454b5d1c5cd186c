"""Tests of discovery.experiments.primes.prime_coding: compressed sizes of X_N against bounds and surrogates."""

from __future__ import annotations

import math

import pytest

from discovery.experiments.complexity.compressors import available_compressors
from discovery.experiments.primes import prime_coding as PC
from discovery.experiments.primes.coding_models import binary_entropy


@pytest.fixture(scope="module")
def r6():
    return PC.prime_coding_experiment(10**6)


def test_uses_every_available_compressor_and_names_the_serialisation(r6):
    assert list(r6["compressors"]) == available_compressors()
    assert set(available_compressors()) >= {"zlib", "bz2", "lzma"}
    assert r6["serialisation"]["name"] == "packed bits"
    assert "packbits" in r6["serialisation"]["description"]


def test_acceptance_at_1e6(r6):
    row = r6["at_N"]
    b = row["bounds"]
    assert row["N"] == 10**6 and row["pi"] == 78498
    assert b["iid_entropy"] == pytest.approx(binary_entropy(0.078498))
    for c, v in row["bits_per_integer"]["primes"].items():
        assert b["wheel_30"] < v < b["iid_entropy"], c
        assert v < row["bits_per_integer"]["iid"][c], c
    assert all(r6["checks"]["below_iid_entropy"].values())
    assert all(r6["checks"]["above_wheel30_bound"].values())
    assert all(r6["checks"]["primes_smaller_than_iid_surrogate"].values())


def test_claim_is_reported_as_contradicted(r6):
    assert r6["claim"]["contradicted"] is True
    text = " ".join(r6["verdicts"])
    assert "'prime encodings are incompressible' is contradicted by these measurements" in text


def test_empirical_densities_of_the_strings(r6):
    dens = r6["at_N"]["empirical_density"]
    n = 10**6
    p = 78498 / n
    assert dens["primes"] == p
    assert abs(dens["iid"] - p) < 4 * math.sqrt(p * (1 - p) / n)
    assert abs(dens["uniform"] - 0.5) < 4 * math.sqrt(0.25 / n)


def test_uniform_bits_cost_about_one_bit(r6):
    for c, v in r6["at_N"]["bits_per_integer"]["uniform"].items():
        assert 0.99 < v < 1.02, c


def test_ascii_serialisation_small():
    r = PC.prime_coding_experiment(20000, compressors=["zlib", "bz2"], serialisation="ascii")
    assert r["serialisation"]["name"] == "ASCII 0/1"
    assert r["at_N"]["bits_per_integer"]["primes"]["bz2"] < r["at_N"]["bits_per_integer"]["iid"]["bz2"]


def test_refusals():
    with pytest.raises(ValueError):
        PC.prime_coding_experiment(1)
    with pytest.raises(ValueError):
        PC.prime_coding_experiment(PC.PRIME_CODING_MAX_N + 1)
    with pytest.raises(ValueError):
        PC.prime_coding_experiment(2 * 10**6, serialisation="ascii")
    with pytest.raises(ValueError):
        PC.prime_coding_experiment(1000, compressors=["gzip"])


def test_claim_not_contradicted_at_tiny_n():
    """At N = 1000 the margins are within the allowance: the verdict must not claim a contradiction."""
    r = PC.prime_coding_experiment(1000)
    assert r["claim"]["contradicted"] is False
    assert "do not contradict" in r["claim"]["sentence"]
    assert r["kolmogorov_bound"]["bits"] > r["at_N"]["bounds"]["iid_entropy"] * 1000


def test_table_rows():
    assert PC.row_sizes(1000) == [1000]
    assert [row["N"] for row in PC.prime_coding_experiment(25_000, compressors=["zlib"])["table"]] == [
        1000, 10_000, 25_000]

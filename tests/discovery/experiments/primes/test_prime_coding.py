"""Tests of discovery.experiments.primes.prime_coding: model codes and compressed sizes of X_N against bounds
and surrogate distributions, and the verdicts built from them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from discovery.experiments.complexity.compressors import available_compressors, compressed_bits
from discovery.experiments.complexity.serialisations import serialise
from discovery.experiments.primes import prime_coding as PC
from discovery.experiments.primes.coding_models import binary_entropy, surrogates
from discovery.experiments.primes.sieve import prime_sieve


@pytest.fixture(scope="module")
def r6():
    """Every available compressor at N = 10^6, one draw per surrogate (the surrogate statistics are tested below)."""
    return PC.prime_coding_experiment(10**6, draws=1)


@pytest.fixture(scope="module")
def r5():
    return PC.prime_coding_experiment(10**5, compressors=["bz2", "zlib"], draws=19)


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


def test_done_when_model_code_at_1e6_is_below_every_compressor(r6):
    """Issue 13: the mod-2310 model code is <= 0.21 bits/integer with its description, below every compressor."""
    row = r6["at_N"]
    m = row["model_codes"]["kt_residue_mod_2310"]
    assert m["bound_bits_per_integer"] <= 0.21
    assert m["bound_bits"] == pytest.approx(m["ideal_bits"] + 2 + m["description_bits"])
    assert all(m["bound_bits_per_integer"] < v for v in row["bits_per_integer"]["primes"].values())
    assert r6["checks"]["model_code_below_every_compressor"] is True
    assert r6["checks"]["mod_2310_residue_model_below_every_compressor"] is True
    # the model code is far above the sieve-program bound and the report says so
    assert r6["kolmogorov_bound"]["bits"] < m["bound_bits"] / 100
    text = " ".join(r6["verdicts"])
    assert "mod 2310 0.2009" in text and "not the tightest bound on K(X_N)" in text


def test_surrogate_comparisons_are_recomputed_from_the_draws(r5):
    """The stored draws are the compressed sizes of independently regenerated surrogates; mean, sd, z and p follow."""
    n = 10**5
    row = r5["at_N"]
    ind = prime_sieve(n)
    for k in (0, 7, 18):
        s = surrogates(ind, n, 0, draw=k)["cramer"]
        assert row["surrogate_draws"]["cramer"]["bz2"][k] == compressed_bits(serialise(s, "packed bits"), "bz2") / n
    d = np.array(row["surrogate_draws"]["wheel30"]["zlib"])
    c = row["surrogate_comparison"]["wheel30"]["zlib"]
    v = row["bits_per_integer"]["primes"]["zlib"]
    assert len(d) == 19 and len(set(d.tolist())) > 1  # independent draws differ
    assert c["mean"] == pytest.approx(d.mean()) and c["sd"] == pytest.approx(d.std(ddof=1))
    assert c["z"] == pytest.approx((v - d.mean()) / d.std(ddof=1))
    assert c["p_below"] == pytest.approx((1 + np.sum(d <= v)) / 20)
    # a "smaller" check is exactly p <= 0.05, i.e. below all 19 draws
    for s in PC.SURROGATES:
        for comp in ("bz2", "zlib"):
            below_all = bool(row["bits_per_integer"]["primes"][comp] < min(row["surrogate_draws"][s][comp]))
            assert r5["checks"][f"primes_smaller_than_{s}_surrogate"][comp] is below_all


def test_iid_surrogate_is_clearly_above_the_primes(r5):
    for comp in ("bz2", "zlib"):
        c = r5["at_N"]["surrogate_comparison"]["iid"][comp]
        assert c["p_below"] == pytest.approx(0.05) and c["z"] < -10


def test_compare_to_draws_properties():
    c = PC.compare_to_draws(5.0, [1.0, 2.0, 3.0])
    assert c["p_below"] == 1.0 and c["p_above"] == 0.25
    c = PC.compare_to_draws(2.0, [1.0, 2.0, 3.0])  # a tie counts against "smaller"
    assert c["p_below"] == 0.75 and c["p_above"] == 0.75
    assert math.isnan(PC.compare_to_draws(1.0, [2.0])["sd"])
    with pytest.raises(ValueError):
        PC.compare_to_draws(1.0, [])


def test_few_draws_never_give_a_surrogate_verdict():
    r = PC.prime_coding_experiment(20000, compressors=["bz2"], draws=3)
    assert not any(r["checks"][f"primes_smaller_than_{s}_surrogate"]["bz2"] for s in PC.SURROGATES)
    assert "inconclusive by design" in " ".join(r["verdicts"])


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
    r = PC.prime_coding_experiment(20000, compressors=["zlib", "bz2"], serialisation="ascii", draws=2)
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
    with pytest.raises(ValueError, match="draws"):
        PC.prime_coding_experiment(1000, draws=0)


def test_claim_not_contradicted_at_tiny_n():
    """At N = 1000 the margins are within the allowance: the verdict must not claim a contradiction."""
    r = PC.prime_coding_experiment(1000, draws=2)
    assert r["claim"]["contradicted"] is False
    assert "do not contradict" in r["claim"]["sentence"]
    assert r["kolmogorov_bound"]["bits"] > r["at_N"]["bounds"]["iid_entropy"] * 1000


def test_table_rows():
    assert PC.row_sizes(1000) == [1000]
    assert [row["N"] for row in PC.prime_coding_experiment(25_000, compressors=["zlib"], draws=1)["table"]] == [
        1000, 10_000, 25_000]

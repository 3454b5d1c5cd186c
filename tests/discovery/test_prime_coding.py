"""Tests of discovery.prime_coding and `esma experiment prime-coding`."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from discovery import prime_coding as PC
from discovery.cli import main
from discovery.kolmogorov import available_compressors
from discovery.sieve import prime_sieve


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
    assert b["iid_entropy"] == pytest.approx(PC.binary_entropy(0.078498))
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


def test_surrogates_have_the_advertised_statistics(r6):
    dens = r6["at_N"]["empirical_density"]
    n = 10**6
    p = 78498 / n
    assert dens["primes"] == p
    assert abs(dens["iid"] - p) < 4 * math.sqrt(p * (1 - p) / n)
    assert abs(dens["uniform"] - 0.5) < 4 * math.sqrt(0.25 / n)
    s = PC.surrogates(prime_sieve(n), n, 0)
    ints = np.arange(1, n + 1)
    off_wheel = (np.gcd(ints, 30) != 1) & ~np.isin(ints, [2, 3, 5])
    assert s["wheel30"][off_wheel].sum() == 0 and s["wheel30_cramer"][off_wheel].sum() == 0
    expected_wc = 3 + np.sum(np.minimum(1, 3.75 / np.log(ints[~off_wheel & (ints > 5)])))
    assert abs(s["wheel30_cramer"].sum() - expected_wc) < 4 * math.sqrt(expected_wc)
    expected_cramer = 1 + np.sum(1 / np.log(np.arange(3, n + 1)))
    assert abs(s["cramer"].sum() - expected_cramer) < 4 * math.sqrt(expected_cramer)
    # fixed seeds: identical draws
    t = PC.surrogates(prime_sieve(n), n, 0)
    assert all(np.array_equal(s[k], t[k]) for k in s)


def test_uniform_bits_cost_about_one_bit(r6):
    for c, v in r6["at_N"]["bits_per_integer"]["uniform"].items():
        assert 0.99 < v < 1.02, c


def test_wheel_bound_formula_by_direct_count():
    n = 10**5
    ind = prime_sieve(n)
    pi_n = int(ind.sum())
    b = PC.entropy_bounds(n, pi_n)
    ints = np.arange(2, n + 1)
    for w in PC.WHEELS:
        s = (np.gcd(ints, w) == 1)
        k = int(ind[2:][s].sum())
        assert b[f"wheel_{w}"] == pytest.approx(s.sum() * PC.binary_entropy(k / s.sum()) / n, rel=1e-12)
    approx30 = (8 / 30) * PC.binary_entropy(pi_n / (8 * n / 30))
    assert b["wheel_30"] == pytest.approx(approx30, rel=2e-3)
    assert b["wheel_210"] < b["wheel_30"] < b["wheel_6"] < b["wheel_2"] < b["iid_entropy"]


def test_coprime_count():
    for w in PC.WHEELS:
        for n in (1, 29, 30, 31, 1000, 12345):
            assert PC.coprime_count(n, w) == sum(1 for m in range(1, n + 1) if math.gcd(m, w) == 1)


def test_the_sieve_program_prints_x_n(tmp_path):
    """K(X_N) <= log2 N + c: the stored program really generates the string."""
    prog = tmp_path / "sieve.py"
    prog.write_text(PC.SIEVE_PROGRAM)
    n = 5000
    out = subprocess.run([sys.executable, str(prog), str(n)], capture_output=True, text=True, check=True).stdout
    assert out == "".join("1" if b else "0" for b in prime_sieve(n)[1:])
    b = PC.entropy_bounds(10**6, 78498)
    assert b["kolmogorov_literal_bits"] == 20 + 8 * len(PC.SIEVE_PROGRAM)
    assert b["kolmogorov_literal_bits"] < 2000


def test_binary_entropy():
    assert PC.binary_entropy(0.5) == 1.0
    assert PC.binary_entropy(0.0) == PC.binary_entropy(1.0) == 0.0
    assert PC.binary_entropy(0.11) == pytest.approx(0.4999, abs=1e-3)


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


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_json_plot_and_save(tmp_path):
    from db.engine import open_db
    from db.repository import list_experiment_runs

    png = tmp_path / "pc.png"
    res = run("experiment", "prime-coding", "--max", "10^5", "--compressor", "zlib", "--compressor", "lzma",
              "--plot", str(png), "--save", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert list(doc["results"]["compressors"]) == ["zlib", "lzma"]
    assert doc["results"]["pi"] == 9592
    assert png.read_bytes()[:4] == b"\x89PNG"
    db = open_db()
    try:
        runs = list_experiment_runs(db, "prime-coding")
    finally:
        db.close()
    assert [r["id"] for r in runs] == [doc["saved_run"]]


def test_cli_text_states_the_verdict():
    res = run("experiment", "prime-coding", "--max", "50000", "--compressor", "bz2")
    assert res.exit_code == 0, res.output
    assert "packed bits" in res.output and "Verdicts:" in res.output


@pytest.mark.parametrize("args", [
    ["--max", "1"],
    ["--max", "10^9"],
    ["--max", str(2**25 + 1)],
    ["--max", "2000000", "--serialisation", "ascii"],
    ["--compressor", "gzip"],
])
def test_cli_bad_parameters_refused(args):
    res = run("experiment", "prime-coding", *args)
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert len([x for x in res.output.splitlines() if x.startswith("Error:")]) == 1, res.output


def test_claim_not_contradicted_at_tiny_n():
    """At N = 1000 the margins are within the allowance: the verdict must not claim a contradiction."""
    r = PC.prime_coding_experiment(1000)
    assert r["claim"]["contradicted"] is False
    assert "do not contradict" in r["claim"]["sentence"]
    assert r["kolmogorov_bound"]["bits"] > r["at_N"]["bounds"]["iid_entropy"] * 1000

"""`kpitree simulate`: the trials against an independent oracle (scipy.stats), and the command.

Probabilities from N trials are compared with the exact answer within 4 standard errors
(sqrt(p(1-p)/N)): a correct simulation fails such a test about once in 16,000 runs, a seed
makes it repeatable, and a wrong model (the chain not thinned, a rate read twice, a deal value
drawn per win) misses by far more.
"""

from __future__ import annotations

import json
import math
from datetime import date
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from kpitree.cli import run
from kpitree.pipeline import plan_spec
from kpitree.spec.load import load_spec
from kpitree.uncertainty.inputs import build
from kpitree.uncertainty.montecarlo import _percentiles, _tally, _tally_percentiles, simulate

TODAY = date(2026, 4, 1)
HEAD = """version: 1
kgi: {{name: 受注, target: {target}, unit: {unit}, start: 2026-04-01, deadline: 2026-06-30}}
team: {{members: 2}}
"""


def spec(funnel: str, target: str = "10", unit: str = "件", extra: str = "") -> str:
    return HEAD.format(target=target, unit=unit) + extra + "funnel:\n" + funnel


def model_of(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    planned = plan_spec(load_spec(text), TODAY)
    return build(planned.plan, **kwargs)  # type: ignore[arg-type]


def close(estimate: float, exact: float, runs: int, sigmas: float = 4.0) -> bool:
    se = math.sqrt(max(exact * (1 - exact), 1e-12) / runs)
    return abs(estimate - exact) <= sigmas * se + 1e-12


FIVE_PERCENT = spec("  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 5%}\n")


def test_fixed_rate_matches_the_binomial_tail() -> None:
    """10 contracts at 5% from the plan's 200 calls: P(Bin(200, 0.05) >= 10)."""
    model = model_of(FIVE_PERCENT)
    (driver,) = model.drivers
    assert driver.volume == 200 and driver.fixed
    result = simulate(model, 200_000, seed=1)
    exact = stats.binom.sf(9, 200, 0.05)
    assert close(result.probability, exact, 200_000)
    assert close(result.drivers[0].reached / result.runs, exact, 200_000)


def test_a_chain_of_fixed_rates_is_one_binomial_with_their_product() -> None:
    funnel = (
        "  - {id: calls, name: 架電}\n  - {id: appointments, name: アポ, rate: 0.3}\n"
        "  - {id: deals, name: 受注, rate: 25%}\n"
    )
    model = model_of(spec(funnel, target="12"))
    (driver,) = model.drivers
    assert driver.point_rate == Fraction(3, 40)
    result = simulate(model, 200_000, seed=2)
    exact = stats.binom.sf(11, driver.volume, 0.075)
    assert close(result.probability, exact, 200_000)


def test_counts_on_a_one_stage_funnel_match_the_beta_binomial_tail() -> None:
    """`rate: {won: 25, of: 100}` is Beta(26, 76): wins are beta-binomial."""
    model = model_of(spec("  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: {won: 25, of: 100}}\n"))
    (driver,) = model.drivers
    assert driver.volume == 40 and not driver.fixed
    result = simulate(model, 200_000, seed=3)
    exact = stats.betabinom.sf(9, 40, 26, 76)
    assert close(result.probability, exact, 200_000)


def test_from_history_samples_the_history_not_the_rate() -> None:
    funnel = "  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 50%, history: {won: 3, of: 10}}\n"
    planned_rate = model_of(spec(funnel))
    history = model_of(spec(funnel), from_history=True)
    assert planned_rate.drivers[0].fixed and not history.drivers[0].fixed
    result = simulate(history, 200_000, seed=4)
    exact = stats.betabinom.sf(9, 20, 4, 8)
    assert close(result.probability, exact, 200_000)
    assert history.drivers[0].rates[0].source == "history"


def test_an_interval_rate_is_the_beta_with_those_quantiles() -> None:
    model = model_of(spec("  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: {low: 0.2, high: 0.3}}\n"))
    beta = model.drivers[0].rates[0].distribution
    a, b = beta.alpha, beta.beta  # type: ignore[attr-defined]
    assert stats.beta.ppf([0.05, 0.95], a, b) == pytest.approx([0.2, 0.3], abs=1e-7)
    result = simulate(model, 200_000, seed=5)
    exact = stats.betabinom.sf(9, model.drivers[0].volume, a, b)
    assert close(result.probability, exact, 200_000)


def test_a_deal_value_interval_is_one_lognormal_average_per_trial() -> None:
    """P(wins * D >= target) with D lognormal: integrate the binomial tail over D's quantiles."""
    text = spec(
        "  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: 10%}\n",
        target="1億",
        unit="JPY",
        extra="deal_value: {low: 600000, high: 1500000}\n",
    )
    model = model_of(text)
    (driver,) = model.drivers
    mu, sigma = driver.deal_value.mu, driver.deal_value.sigma  # type: ignore[attr-defined]
    assert stats.lognorm.ppf([0.05, 0.95], sigma, scale=math.exp(mu)) == pytest.approx([600000, 1500000])
    n = driver.volume
    # ceil(1e8 / D) = w exactly when 1e8 / w <= D < 1e8 / (w - 1): sum the binomial tail over w
    lognormal = stats.lognorm(sigma, scale=math.exp(mu))
    exact = sum(
        (lognormal.cdf(1e8 / (w - 1) if w > 1 else math.inf) - lognormal.cdf(1e8 / w)) * stats.binom.sf(w - 1, n, 0.1)
        for w in range(1, n + 1)
    )
    result = simulate(model, 200_000, seed=6)
    assert close(result.probability, exact, 200_000)


def test_two_drivers_add_up_to_the_kgi() -> None:
    """The KGI outcome is the sum of both drivers' wins times deal values: a convolution."""
    text = HEAD.format(target="100", unit="件") + (
        "drivers:\n"
        "  - {id: a, share: 60%, deal_value: 2, funnel: [{id: a0}, {id: a1, rate: 0.2}]}\n"
        "  - {id: b, share: 40%, deal_value: 1, funnel: [{id: b0}, {id: b1, rate: 0.5}]}\n"
    )
    model = model_of(text)
    na, nb = (d.volume for d in model.drivers)
    pa = stats.binom.pmf(np.arange(na + 1), na, 0.2)
    pb = stats.binom.pmf(np.arange(nb + 1), nb, 0.5)
    outcome = np.zeros(2 * na + nb + 1)
    for k, p in enumerate(pa):
        outcome[2 * k : 2 * k + nb + 1] += p * pb
    exact = float(outcome[100:].sum())
    result = simulate(model, 200_000, seed=7)
    assert close(result.probability, exact, 200_000)
    assert close(result.drivers[0].reached / result.runs, stats.binom.sf(29, na, 0.2), 200_000)


def test_volume_starts_a_driver_at_a_later_stage() -> None:
    funnel = (
        "  - {id: calls, name: 架電}\n  - {id: appointments, name: アポ, rate: 0.3}\n"
        "  - {id: deals, name: 受注, rate: 25%}\n"
    )
    model = model_of(spec(funnel), volumes={"appointments": 50})
    (driver,) = model.drivers
    assert (driver.start_stage.id, driver.volume, driver.point_rate) == ("appointments", 50, Fraction(1, 4))
    result = simulate(model, 200_000, seed=8)
    assert close(result.probability, stats.binom.sf(9, 50, 0.25), 200_000)


def test_a_seed_repeats_a_run_exactly_and_chunks_do_not_change_it() -> None:
    model = model_of(spec("  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: {won: 25, of: 100}}\n"))
    first = simulate(model, 300_001, seed=11)
    again = simulate(model, 300_001, seed=11)
    other = simulate(model, 300_001, seed=12)
    assert (first.reached, first.outcome, first.histogram) == (again.reached, again.outcome, again.histogram)
    assert first.reached != other.reached


@pytest.mark.parametrize("seed", range(5))
def test_whole_percentiles_from_a_tally_equal_numpy_inverted_cdf(seed: int) -> None:
    rng = np.random.default_rng(seed)
    wins = rng.binomial(rng.integers(1, 500), rng.random(), rng.integers(1, 3000))
    tally = _tally(np.zeros(1, dtype=np.int64), wins[: len(wins) // 2])
    tally = _tally(tally, wins[len(wins) // 2 :])
    assert _tally_percentiles(tally) == _percentiles(wins.astype(float))


def test_progress_is_reported_per_chunk() -> None:
    model = model_of(FIVE_PERCENT)
    seen: list[tuple[int, int]] = []
    simulate(model, 600_000, seed=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (600_000, 600_000) and len(seen) >= 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# --- the command ---------------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def five_percent(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "goal.kpi.yaml"
    path.write_text(FIVE_PERCENT, encoding="utf-8")
    return str(path)


def test_json_contract(capsys: pytest.CaptureFixture[str], five_percent: str) -> None:
    code, out, err = cli(capsys, "simulate", five_percent, "--runs", "20000", "--seed", "5", "-f", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert {"probability", "runs", "seed", "percentiles", "drivers"} <= set(doc)
    assert (doc["runs"], doc["seed"]) == (20000, 5)
    assert set(doc["percentiles"]) == {"p5", "p50", "p95"}
    assert doc["percentiles"]["p5"] <= doc["percentiles"]["p50"] <= doc["percentiles"]["p95"]
    (driver,) = doc["drivers"]
    assert driver["id"] == "main" and set(driver["wins"]) == {"p5", "p50", "p95"}
    assert all(isinstance(v, int) for v in driver["wins"].values())
    assert close(doc["probability"], stats.binom.sf(9, 200, 0.05), 20000)
    assert "volume_for_confidence" not in driver


def test_the_same_seed_gives_the_same_json(capsys: pytest.CaptureFixture[str], five_percent: str) -> None:
    outs = [cli(capsys, "simulate", five_percent, "-n", "5000", "--seed", "9", "-f", "json")[1] for _ in range(2)]
    assert outs[0] == outs[1]


def test_without_a_seed_the_seed_used_is_printed(capsys: pytest.CaptureFixture[str], five_percent: str) -> None:
    code, out, _ = cli(capsys, "simulate", five_percent, "-n", "2000", "-f", "json")
    seed = json.loads(out)["seed"]
    again = cli(capsys, "simulate", five_percent, "-n", "2000", "-f", "json", "--seed", str(seed))[1]
    assert code == 0 and again == out


@pytest.mark.parametrize("level", ["0.9", "90%", "0.5", "0.99"])
def test_confidence_volume_is_the_exact_binomial_answer(
    capsys: pytest.CaptureFixture[str], five_percent: str, level: str
) -> None:
    """Brute force over scipy's binomial tail: the smallest N with P(Bin(N, 5%) >= 10) >= level."""
    code, out, _ = cli(capsys, "simulate", five_percent, "-n", "1000", "--seed", "1", "-c", level, "-f", "json")
    (driver,) = json.loads(out)["drivers"]
    c = float(level.rstrip("%")) / (100 if level.endswith("%") else 1)
    n = 10
    while stats.binom.sf(9, n, 0.05) < c:
        n += 1
    assert code == 0
    assert driver["volume_for_confidence"] == n
    detail = driver["volume_for_confidence_detail"]
    assert detail["method"] == "exact" and detail["plan_volume"] == 200 and detail["stage"] == "calls"


def test_confidence_in_text_says_how_many_not_the_plan(capsys: pytest.CaptureFixture[str], five_percent: str) -> None:
    code, out, _ = cli(capsys, "simulate", five_percent, "-n", "2000", "--seed", "1", "-c", "0.9", "--color", "never")
    assert code == 0
    assert "To be 90% sure" in out
    n = 10
    while stats.binom.sf(9, n, 0.05) < 0.9:
        n += 1
    assert f"{n} 架電, not 200" in out
    assert "exact" in out


def test_confidence_with_uncertain_inputs_gives_a_precision_band(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "u.kpi.yaml"
    path.write_text(
        spec("  - {id: calls, name: 架電}\n  - {id: deals, name: 受注, rate: {won: 25, of: 100}}\n"), encoding="utf-8"
    )
    code, out, _ = cli(capsys, "simulate", str(path), "-n", "1000", "--seed", "3", "-c", "0.8", "-f", "json")
    (driver,) = json.loads(out)["drivers"]
    detail = driver["volume_for_confidence_detail"]
    assert code == 0 and detail["method"] == "estimated"
    volume = driver["volume_for_confidence"]
    assert detail["low"] <= volume <= detail["high"]
    # the beta-binomial oracle: the answer's probability is 0.8 within the band
    assert stats.betabinom.sf(9, detail["high"], 26, 76) >= 0.8 - 1e-9
    assert stats.betabinom.sf(9, max(detail["low"] - 1, 10), 26, 76) < 0.8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-c", "1.5"], "is not a confidence"),
        (["-c", "100%"], "is not a confidence"),
        (["--volume", "cals=30"], "did you mean 'calls'"),
        (["--volume", "calls"], "is not STAGE=N"),
        (["--volume", "calls=2.5"], "is not a volume"),
        (["--volume", "calls=-3"], "is not a volume"),
        (["--volume", "calls=10", "--volume", "deals=3"], "can start at one stage only"),
        (["--volume", "calls=10", "--volume", "calls=30"], "is given twice"),
        (["--runs", "0"], "--runs"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], five_percent: str, args: list[str], message: str
) -> None:
    code, out, err = cli(capsys, "simulate", five_percent, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_volume_by_option_in_json(capsys: pytest.CaptureFixture[str], five_percent: str) -> None:
    code, out, _ = cli(
        capsys, "simulate", five_percent, "-n", "1000", "--seed", "1", "--volume", "calls=1,000", "-f", "json"
    )
    (driver,) = json.loads(out)["drivers"]
    assert code == 0 and driver["start"] == {"stage": "calls", "volume": 1000, "from_option": True}


def test_a_broken_spec_is_a_validation_error(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.kpi.yaml"
    path.write_text(spec("  - {id: calls}\n  - {id: deals, rate: {low: 0.3, high: 0.2}}\n"), encoding="utf-8")
    code, out, err = cli(capsys, "simulate", str(path))
    assert code == 2 and out == ""
    assert "bad.kpi.yaml:6:29:" in err and "swap them" in err


def test_text_names_the_model_and_marks_the_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(
        capsys, "simulate", "examples/uncertain.kpi.yaml", "-n", "5000", "--seed", "1", "--color", "never"
    )
    assert code == 0 and err == ""
    assert "Probability of reaching the KGI" in out
    assert "◀ KGI target" in out
    assert "average deal size" in out
    assert "[new_business]" in out


def test_simulate_and_whatif_are_the_only_commands_that_import_numpy() -> None:
    import subprocess
    import sys

    probe = "import sys; from kpitree.cli import run; run(%r); print('numpy' in sys.modules)"
    for args in (["plan", "examples/uncertain.kpi.yaml"], ["check", "examples"]):
        done = subprocess.run([sys.executable, "-c", probe % args], capture_output=True, text=True, check=False)
        assert done.stdout.strip().splitlines()[-1] == "False", args


def test_a_confidence_no_volume_can_reach_is_null(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    """10^6 wins at 1e-9: the plan's 10^15 calls are the limit, and 90% sure needs more."""
    path = tmp_path / "tiny.kpi.yaml"
    path.write_text(
        HEAD.format(target="1000000", unit="件") + "funnel: [{id: a}, {id: b, rate: 0.000000001}]\n", encoding="utf-8"
    )
    code, out, _ = cli(capsys, "simulate", str(path), "-n", "100", "--seed", "1", "-c", "0.9", "-f", "json")
    (driver,) = json.loads(out)["drivers"]
    assert code == 0 and driver["volume_for_confidence"] is None
    assert driver["volume_for_confidence_detail"]["per_working_day"] is None


def test_huge_start_volumes_keep_wins_per_trial_with_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond TALLY_LIMIT the wins are kept per trial, not tallied per value: same percentiles."""
    from kpitree.uncertainty import montecarlo

    model = model_of(FIVE_PERCENT)
    tallied = simulate(model, 50_000, seed=3)
    monkeypatch.setattr(montecarlo, "TALLY_LIMIT", 10)
    kept = simulate(model, 50_000, seed=3)
    assert kept.drivers[0].wins == tallied.drivers[0].wins
    assert kept.drivers[0].mean_wins == pytest.approx(tallied.drivers[0].mean_wins)


def test_a_volume_beyond_what_numpy_can_draw_is_one_line(capsys: pytest.CaptureFixture[str], five_percent: str) -> None:
    code, out, err = cli(capsys, "simulate", five_percent, "--volume", "calls=99999999999999999999")
    assert code == 2 and out == "" and "more than the 1,000,000,000,000,000" in err


@pytest.mark.parametrize("stream", [1, 2])
def test_a_closed_stdout_or_stderr_is_not_an_error(stream: int) -> None:
    import os
    import subprocess
    import sys

    args = [sys.executable, "-m", "kpitree", "simulate", "examples/new-business.kpi.yaml", "-n", "1000", "--seed", "1"]
    done = subprocess.run(args, preexec_fn=lambda: os.close(stream), capture_output=False, check=False)
    assert done.returncode == 0

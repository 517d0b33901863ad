"""Accuracy against published runs must not get worse than the recorded baseline.

The full validation lives in ``benchmarks/accuracy/`` (issue 6); this test reruns it with
the baseline's sample count and seed (about half a second) and fails when any group's
median error rises or its p5–p95 coverage falls. After a deliberate change (a new row,
a recalibrated default) rerun ``python -m benchmarks.accuracy.validate --write-baseline``
and say why in ``benchmarks/accuracy/RESULTS.md``. Nothing here is timed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.accuracy import validate  # noqa: E402
from benchmarks.accuracy.compare import (  # noqa: E402
    Comparison,
    Estimator,
    GroupSummary,
    compare_run,
    summarise,
)
from benchmarks.accuracy.published import PublishedRun, load_runs  # noqa: E402
from benchmarks.accuracy.scenarios import Skip, scenario_a, scenario_b  # noqa: E402


def _row(run_id: str) -> PublishedRun:
    return next(r for r in load_runs() if r.id == run_id)


def _comparison(
    reported: float, p5: float, p50: float, p95: float, role: str = "test"
) -> Comparison:
    return Comparison("x", role, "b", "energy", "facility_energy", reported, p5, p50, p95, "MWh")


def test_accuracy_is_not_worse_than_the_baseline() -> None:
    baseline = validate.load_baseline()
    v = validate.run(baseline["samples"], baseline["seed"])
    problems = validate.check(v.summary, baseline)
    assert not problems, "accuracy got worse than benchmarks/accuracy/baseline.json:\n" + "\n".join(
        problems
    )


def test_every_row_has_a_role_and_the_calibrate_rows_are_a_third() -> None:
    runs = load_runs()
    assert len(runs) >= 20
    calibrate = [r for r in runs if r.role == "calibrate"]
    assert 0.2 < len(calibrate) / len([r for r in runs if r.kind == "training"]) < 0.5
    assert all(r.kind == "training" for r in calibrate)


def test_llama_7b_reproduces_table_15_by_hand() -> None:
    # Touvron et al. 2023 Table 15: 82,432 GPU-h × 0.400 kW × PUE 1.1 = 36,270.08 kWh,
    # × 0.385 kg/kWh = 13,963.98 kg; the table prints 36 MWh and 14 t.
    done, _ = compare_run(_row("touvron23-llama1-7b"), Estimator(200, 0))
    by = {(c.method, c.quantity): c for c in done}
    energy, carbon = by[("a", "energy")], by[("a", "carbon")]
    assert energy.output == "facility_energy"
    assert energy.p5 == energy.p50 == energy.p95 == pytest.approx(36.27008)
    assert carbon.p50 == pytest.approx(13.9639808)
    assert energy.error == pytest.approx(0.27008 / 36)
    assert energy.inside and carbon.inside


def test_scenarios_are_drawn_at_the_sources_boundary() -> None:
    bloom = scenario_a(_row("luccioni22-bloom-176b"))  # GPU energy only
    assert not isinstance(bloom, Skip)
    assert bloom["facility"]["pue"] == 1 and bloom["hardware"]["host_power"] == "0 W"
    gpt3_a = scenario_a(_row("patterson21-gpt3-175b"))  # measured system power incl. host
    gpt3_b = scenario_b(_row("patterson21-gpt3-175b"))
    assert not isinstance(gpt3_a, Skip) and not isinstance(gpt3_b, Skip)
    assert gpt3_a["hardware"] == {
        "accelerator": "V100-SXM2-32GB",
        "count": 10000,
        "power": "330 W",
        "host_power": "0 W",
    }
    assert gpt3_a["training"] == {"duration": "14.8 days"}
    assert gpt3_a["facility"] == {"pue": 1.1, "carbon_intensity": "429 g/kWh"}
    assert "power" not in gpt3_b["hardware"] and "host_power" not in gpt3_b["hardware"]
    assert gpt3_b["training"] == {"parameters": 1.75e11, "tokens": 3e11}
    assert isinstance(scenario_a(_row("morrison25-olmo2-7b")), Skip)  # no hours reported


def test_summary_statistics_by_hand() -> None:
    items = [
        _comparison(100, 90, 110, 130),  # error +0.10, inside
        _comparison(100, 60, 80, 99.5),  # error -0.20, inside only through the 1 % tolerance
        _comparison(100, 100, 100, 100, role="calibrate"),  # error 0, inside
        _comparison(100, 20, 25, 50),  # error -0.75, outside
    ]
    summary = summarise(items)
    everything = summary["energy/b/all"]
    assert everything.n == 4
    assert everything.median_abs_error == pytest.approx((0.10 + 0.20) / 2)
    assert everything.median_error == pytest.approx((-0.20 + 0.0) / 2)
    assert everything.coverage == pytest.approx(3 / 4)
    assert summary["energy/b/calibrate"].n == 1 and summary["energy/b/test"].n == 3
    assert items[0].log_ratio == pytest.approx(0.0953101798)


def test_check_reports_each_kind_of_regression() -> None:
    base = GroupSummary(n=4, median_abs_error=0.1, median_abs_log_ratio=0.1, median_error=0.0,
                        coverage=0.75)  # fmt: skip
    baseline = {"groups": {"energy/b/all": base.to_dict()}}
    assert validate.check({"energy/b/all": base}, baseline) == []
    worse_error = GroupSummary(4, 0.103, 0.1, 0.0, 0.75)
    lower_coverage = GroupSummary(4, 0.1, 0.1, 0.0, 0.5)
    fewer = GroupSummary(3, 0.1, 0.1, 0.0, 0.75)
    assert "median_abs_error" in validate.check({"energy/b/all": worse_error}, baseline)[0]
    assert "coverage" in validate.check({"energy/b/all": lower_coverage}, baseline)[0]
    assert "comparisons" in validate.check({"energy/b/all": fewer}, baseline)[0]
    assert "missing" in validate.check({}, baseline)[0]
    within_eps = GroupSummary(4, 0.1 + validate.ERROR_EPS / 2, 0.1, 0.0, 0.75)
    assert validate.check({"energy/b/all": within_eps}, baseline) == []


def test_the_serving_model_is_not_worse_than_its_baseline() -> None:
    from benchmarks.accuracy import serving

    results, summary = serving.run()
    baseline = json.loads(serving.BASELINE.read_text(encoding="utf-8"))
    assert not serving.check(summary, baseline)
    assert summary["test"]["n"] >= 13 and summary["calibrate"]["n"] >= 5
    assert len({r.row.group for r in results}) >= 5  # issue 12: five independent sources
    assert sum(r.row.load.startswith("low") for r in results) >= 3


def test_serving_rows_carry_a_boundary_source_and_a_role_set_before_tuning() -> None:
    from benchmarks.accuracy import serving

    for row in serving.load_rows():
        assert (
            row.role in ("calibrate", "test")
            and row.boundary in ("accelerator", "it")
            and row.source
            and row.unit
            in (
                "J/request",
                "J/token",
            )
        )
    scenario = serving.scenario(serving.load_rows()[0])
    assert scenario["hardware"]["host_power"] == "0 W" and scenario["facility"]["pue"] == 1
    it_row = next(r for r in serving.load_rows() if r.boundary == "it")
    assert "host_power" not in serving.scenario(it_row)["hardware"]  # hosts counted

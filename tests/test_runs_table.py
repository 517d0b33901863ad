"""Getting data out: runs as DataFrame-ready rows, runs list --json with boundaries,
per-step / per-sample / per-phase CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import wattprint
from wattprint.cli import main
from wattprint.store import PhaseRow, RunInfo, RunStore, SampleRow, StepRow

T0 = 1_709_294_400.0  # 2024-03-01 12:00:00 UTC
GPU = {"name": "gpu0", "kind": "accelerator", "domain": "gpu", "method": "counter",
       "scope": "node", "label": "", "factor": "", "status": "active"}  # fmt: skip
FOOTPRINT = {
    "kind": "measurement",
    "name": "r",
    "outputs": {
        "facility_energy": {"p5": 1.0, "p50": 1.1, "p95": 1.2, "unit": "kWh", "basis": "modelled"},
        "carbon_total": {"p5": 0.4, "p50": 0.5, "p95": 0.6, "unit": "kg CO2e", "basis": "modelled"},
        "water_onsite": {"p5": 0.0, "p50": 0.0, "p95": 0.0, "unit": "L", "basis": "modelled"},
    },
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """One run at 100 W for 10 s: readings every second, steps at 2.5, 5 and 10 s."""
    path = tmp_path / "runs.db"
    with RunStore(path) as store:
        info = RunInfo("r", "measurement", T0, "h", 1, region="US", tags={"team": "nlp"})
        run_id = store.create_run(info)
        store.update_sensors(run_id, [GPU])
        rows = [SampleRow(T0 + k, "gpu0", 100.0, 100.0 * k, "counter") for k in range(1, 11)]
        store.append_samples(run_id, rows)
        steps = [StepRow(T0 + t, i + 1, 10, 1, "train") for i, t in enumerate((2.5, 5, 10))]
        store.append_steps(run_id, steps)
        store.put_phase(run_id, PhaseRow("train", T0, T0 + 5, 500.0))
        store.finish_run(run_id, ended_at=T0 + 10, status="complete",
                         totals={"energy_j": 1000.0}, footprint=FOOTPRINT)  # fmt: skip
    return path


def run_id(db: Path) -> str:
    with RunStore(db) as store:
        return store.list_runs()[0].id


def export(db: Path, what: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    argv = ["runs", "export", run_id(db), "--format", "csv", "--what", what, "--db", str(db)]
    assert main(argv) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_steps_csv_has_each_steps_energy_from_the_readings(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = export(db, "steps", capsys)
    # 100 W: 0 -> 2.5 s is 250 J, 2.5 -> 5 s 250 J, 5 -> 10 s 500 J
    assert [float(r["energy_j"]) for r in rows] == pytest.approx([250.0, 250.0, 500.0])
    assert [float(r["duration_s"]) for r in rows] == pytest.approx([2.5, 2.5, 5.0])
    assert rows[0]["time_utc"] == "2024-03-01 12:00:02.500" and rows[0]["phase"] == "train"


def test_samples_and_phases_csv(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    samples = export(db, "samples", capsys)
    assert len(samples) == 10 and samples[-1]["energy_j"] == "1000.0"
    (phase,) = export(db, "phases", capsys)
    assert float(phase["power_w"]) == pytest.approx(100.0)
    assert phase["start_utc"] == "2024-03-01 12:00:00.000"


def test_a_csv_file_carries_a_byte_order_mark_for_spreadsheets(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "steps.csv"
    argv = ["runs", "export", run_id(db), "--format", "csv", "--what", "steps"]
    assert main([*argv, "--output", str(target), "--db", str(db)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfstep,t,time_utc")


def test_runs_rows_are_flat_with_units_and_boundaries(db: Path) -> None:
    (row,) = wattprint.runs(db)
    assert all(v is None or isinstance(v, (str, int, float)) for v in row.values())
    assert row["energy_j"] == 1000.0 and row["tag.team"] == "nlp"
    assert row["carbon_total_p50_kg_co2e"] == 0.5
    assert "grid intensity" in row["carbon_total_boundary"]
    assert row["water_onsite_p50_l"] == 0.0 and "WUE" in row["water_onsite_boundary"]
    assert row["it_energy_p50_kwh"] is None and row["it_energy_boundary"] is None


def test_runs_rows_go_into_a_dataframe(db: Path) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(wattprint.runs(db))
    assert frame.loc[0, "carbon_total_p95_kg_co2e"] == 0.6


def test_runs_list_json_carries_energy_carbon_and_water_with_boundaries(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["runs", "list", "--json", "--db", str(db)]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["totals"]["energy_j"] == 1000.0
    outputs = item["outputs"]
    assert set(outputs) == {"facility_energy", "carbon_total", "water_onsite"}
    assert outputs["carbon_total"]["p50"] == 0.5 and outputs["carbon_total"]["unit"] == "kg CO2e"
    assert "PUE" in outputs["facility_energy"]["boundary"]

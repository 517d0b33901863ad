"""``wattprint runs``: golden listing and details, export, delete and error exits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.golden import check_golden
from wattprint.cli import main
from wattprint.store import PhaseRow, RunInfo, RunStore, SampleRow, StepRow

T0 = 1_709_294_400.0  # 2024-03-01 12:00:00 UTC

FOOTPRINT = {
    "schema_version": "1.0",
    "kind": "measurement",
    "name": "llama-finetune",
    "scenario": {},
    "samples": 1000,
    "seed": 0,
    "outputs": {
        "it_energy": {"p5": 2.9, "p50": 3.0, "p95": 3.1, "unit": "kWh", "basis": "measured"},
        "facility_energy": {"p5": 3.2, "p50": 3.6, "p95": 4.1, "unit": "kWh", "basis": "modelled"},
        "carbon_operational": {"p5": 0.9, "p50": 1.4, "p95": 2.0, "unit": "kg CO2e"},
    },
    "sources": [
        {
            "ref": "pue",
            "used_for": "PUE",
            "value": "1.2",
            "source": "Example facility survey",
            "year": 2024,
        }
    ],
    "assumptions": ["PUE of a modern hyperscale facility"],
    "warnings": [],
}


# The shape the tracker writes (wattprint.measure.result totals), units in the keys.
TOTALS = {
    "duration_s": 3600.0,
    "energy_j": 1.08e7,
    "energy_low_j": 1.05e7,
    "energy_high_j": 1.11e7,
    "accelerator_energy_j": 1.0e7,
    "host_energy_j": 8.0e5,
    "peak_power_w": 3120.0,
    "devices": {"gpu0": 1.0e7, "cpu-package0": 8.0e5},
    "methods": ["counter"],
    "step_count": 1000,
    "token_count": 2.16e7,
    "sample_count": None,
    "energy_per_step_j": 10800.0,
    "energy_per_token_j": 0.5,
    "energy_per_sample_j": None,
    "phases": [{"name": "train", "duration_s": 3600.0, "energy_j": 1.0e7}],
    "warnings": [],
}


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with three runs at fixed times, on a host that is not this one."""
    path = tmp_path / "runs.db"
    monkeypatch.setenv("WATTPRINT_DB", str(tmp_path / "elsewhere.db"))  # --db must win
    with RunStore(path) as store:
        done = store.create_run(
            RunInfo(
                name="llama-finetune",
                kind="measurement",
                started_at=T0,
                host="node1",
                pid=4242,
                region="DE",
                facility="hyperscale",
                tags={"team": "nlp"},
                command=["python", "train.py"],
            )
        )
        store.append_samples(
            done,
            [SampleRow(T0 + i, "gpu0", 300.0 + i, 300.0 * i, "counter") for i in range(3)]
            + [SampleRow(T0 + 1, "cpu-package0", None, 20.0, "counter")],
        )
        store.append_steps(done, [StepRow(T0 + 1, 1, 4096, 8, "train")])
        store.put_phase(done, PhaseRow("train", T0, T0 + 3600, 1.0e7))
        store.update_sensors(
            done,
            [
                {"name": "gpu0", "method": "counter", "label": "NVIDIA H100 80GB HBM3"},
                {"name": "rapl", "status": "unavailable", "reason": "no read permission"},
            ],
        )
        store.finish_run(
            done,
            ended_at=T0 + 3600,
            status="complete",
            exit_code=0,
            totals=TOTALS,
            footprint=FOOTPRINT,
        )
        crashed = store.create_run(
            RunInfo(name="bert-eval", kind="measurement", started_at=T0 + 7200, host="node1", pid=7)
        )
        store.heartbeat(crashed, T0 + 7260)
        estimate = store.create_run(
            RunInfo(name="gpt4-press", kind="estimate", started_at=T0 + 9000, host="node1", pid=8)
        )
        store.finish_run(estimate, ended_at=T0 + 9000, status="complete", footprint=FOOTPRINT)
    return path


def ids(db: Path) -> list[str]:
    with RunStore(db) as store:
        return [r.id for r in store.list_runs()]


def masked(text: str, db: Path) -> str:
    """Run ids end in 6 random hex digits; replace them so golden files stay stable."""
    for run_id in ids(db):
        text = text.replace(run_id, run_id[:8] + "xxxxxx")
    return text.replace(str(db), "RUNS.db")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_matches_golden(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "runs", "list", "--db", str(db))
    assert code == 0
    check_golden("runs/list.en.txt", masked(out, db))


def test_list_in_chinese_matches_golden(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "runs", "list", "--db", str(db), "--lang", "zh")
    assert code == 0 and "未完成(中断)" in out and "估算" in out
    check_golden("runs/list.zh.txt", masked(out, db))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_matches_golden(db: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "runs", "show", ids(db)[-1][:10], "--db", str(db), "--lang", lang)
    assert code == 0
    check_golden(f"runs/show.{lang}.txt", masked(out, db))
    code, out, _ = run(
        capsys, "runs", "show", ids(db)[-1][:10], "--db", str(db), "--lang", lang, "--full"
    )
    assert code == 0
    check_golden(f"runs/show.full.{lang}.txt", masked(out, db))


def test_show_labels(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = ids(db)[-1]
    _, out, _ = run(capsys, "runs", "show", first, "--db", str(db), "--full")
    for text in ("no read permission", "Energy per token: 0.5 J", "3 kWh", "NVIDIA H100"):
        assert text in out
    _, out, _ = run(capsys, "runs", "show", first, "--db", str(db))
    for text in ("500 mJ per token", "3.6 kWh", "average power 3 kW", "Sensors: gpu0"):
        assert text in out
    _, out, _ = run(capsys, "runs", "show", first, "--db", str(db), "--lang", "zh", "--full")
    for text in ("传感器", "合计", "单位工作能耗", "每 token 能耗", "3度", "足迹", "已完成"):
        assert text in out


def test_list_filters_limit_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "runs", "list", "--db", str(db), "--status", "incomplete", "--json")
    assert [r["name"] for r in json.loads(out)] == ["bert-eval"]
    _, out, _ = run(capsys, "runs", "list", "--db", str(db), "--tag", "team=nlp", "--json")
    listed = json.loads(out)
    assert [r["name"] for r in listed] == ["llama-finetune"]
    assert listed[0]["tags"] == {"team": "nlp"} and "footprint" not in listed[0]
    _, out, _ = run(capsys, "runs", "list", "--db", str(db), "--name", "gpt4-*", "--json")
    assert [r["kind"] for r in json.loads(out)] == ["estimate"]
    _, out, _ = run(capsys, "runs", "list", "--db", str(db), "--limit", "1")
    assert "gpt4-press" in out and "bert-eval" not in out and "1 of 3 runs" in out


def test_list_uses_the_environment_and_handles_a_missing_store(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "runs", "list")  # WATTPRINT_DB points at a file not made yet
    assert code == 0 and "No runs in" in out and "elsewhere.db" in out
    assert not (tmp_path / "elsewhere.db").exists()  # listing creates nothing
    monkeypatch.setenv("WATTPRINT_DB", str(db))
    _, out, _ = run(capsys, "runs", "list", "--json")
    assert len(json.loads(out)) == 3


def test_show_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "runs", "show", ids(db)[-1], "--db", str(db), "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "complete" and data["footprint"] == FOOTPRINT
    assert data["phases"] == [
        {"name": "train", "start_t": T0, "end_t": T0 + 3600, "energy_j": 1.0e7}
    ]
    assert data["duration_s"] == 3600.0 and data["sample_count"] == 4


def test_export_csv_to_stdout_and_json_to_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ids(db)[-1]
    code, out, _ = run(capsys, "runs", "export", first, "--format", "csv", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 4
    assert rows[0] == {
        "t": str(T0),
        "time_utc": "2024-03-01 12:00:00.000",
        "device": "gpu0",
        "power_w": "300.0",
        "energy_j": "0.0",
        "method": "counter",
    }
    cpu = [r for r in rows if r["device"] == "cpu-package0"]
    assert cpu[0]["power_w"] == ""  # unknown power stays empty
    target = tmp_path / "run.json"
    code, _, _ = run(
        capsys,
        "runs",
        "export",
        first,
        "--format",
        "json",
        "--output",
        str(target),
        "--db",
        str(db),
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and set(data) == {"run", "samples", "steps", "phases", "footprint"}
    assert len(data["samples"]) == 4 and data["steps"][0]["tokens"] == 4096
    assert data["footprint"] == FOOTPRINT and data["run"]["id"] == first


def test_delete_asks_first(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = ids(db)[0]
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "runs", "delete", victim, "--db", str(db))
    assert code == 130 and "aborted" in err and victim in ids(db)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = run(capsys, "runs", "delete", victim, "--db", str(db))
    assert code == 0 and f"Deleted run {victim}" in out and victim not in ids(db)
    code, _, _ = run(capsys, "runs", "delete", ids(db)[0], "--db", str(db), "--yes")
    assert code == 0 and len(ids(db)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["runs", "show", "ffffffff", "--db", "{db}"], "no run with id 'ffffffff' in {db}"),
        (["runs", "show", "65e1", "--db", "{db}"], "run id prefix '65e1' is ambiguous in {db}"),
        (["runs", "show", "not-an-id", "--db", "{db}"], "'not-an-id' is not a run id"),
        (["runs", "list", "--status", "done", "--db", "{db}"], "unknown run status 'done'"),
        (["runs", "show", "65e1", "--db", "{missing}"], "no run store at {missing}"),
        (["runs", "export", "65e1", "--format", "csv", "--db", "{missing}"], "no run store at"),
        (["runs", "delete", "65e1", "--yes", "--db", "{missing}"], "no run store at"),
    ],
)
def test_errors_exit_2_with_a_message(
    db: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = db.parent / "missing.db"
    filled = [a.format(db=db, missing=missing) for a in args]
    code, _, err = run(capsys, *filled)
    assert code == 2
    assert err.startswith("wattprint: error: ")
    assert message.format(db=db, missing=missing) in err
    assert not missing.exists()


def test_corrupt_file_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"\x00junk" * 1000)
    code, _, err = run(capsys, "runs", "list", "--db", str(path))
    assert code == 2 and str(path) in err

"""Honest statements: "measured" only for figures from power sensors (issue 15 item 8).

A run measured on a machine with no readable power sensor gets its energy from the
CPU-time and memory models: its Markdown and HTML say "modelled" and name the models, in
English and Chinese; a run with an energy counter says "measured" and names the sensor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_cli_runs import FOOTPRINT, TOTALS
from wattprint.cli import main
from wattprint.report.html import render_html
from wattprint.report.inputs import load_input
from wattprint.report.markdown import render_markdown
from wattprint.store import RunInfo, RunStore, SampleRow

SRC = str(Path(__file__).parent.parent / "src")


@pytest.fixture
def modelled_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A real run on this machine with the power sensors switched off: models only."""
    monkeypatch.setenv("WATTPRINT_SAMPLE_INTERVAL", "0.1")
    monkeypatch.setenv("WATTPRINT_SENSORS", "cpu_model")
    monkeypatch.setenv("PYTHONPATH", SRC)
    db = tmp_path / "runs.db"
    assert main(["run", "--db", str(db), "--", sys.executable, "-c", "pass"]) == 0
    with RunStore(db) as store:
        record = store.list_runs()[0]
    assert all(s.get("method") in (None, "model") for s in record.sensors)
    return db, record.id


def test_a_run_without_power_sensors_is_called_modelled(modelled_run: tuple[Path, str]) -> None:
    db, run_id = modelled_run
    data = load_input(run_id, db=db, samples=200)
    en, zh = render_markdown(data, "en"), render_markdown(data, "zh")
    assert "Modelled with wattprint" in en and "no power sensor could be read" in en
    assert "Measured" not in en and "measured (" not in en
    assert "modelled (cpu-model" in en  # each row names the model it rests on
    assert "未能读取任何功率传感器" in zh and "实测" not in zh
    html = render_html(data, "en")
    assert '<span class="badge">modelled: no power sensor</span>' in html
    assert '<span class="badge">模型估算:无功率传感器</span>' in html  # the Chinese block


def test_a_run_with_an_energy_counter_is_called_measured(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    with RunStore(db) as store:
        info = RunInfo(name="gpu-job", kind="measurement", started_at=1e9, host="n", pid=1)
        rid = store.create_run(info)
        rows = [SampleRow(1e9 + i, "gpu0", 300.0, 300.0 * i, "counter") for i in range(4)]
        store.append_samples(rid, rows)
        store.update_sensors(rid, [{"name": "gpu0", "method": "counter", "label": "H100"}])
        store.finish_run(
            rid, ended_at=1e9 + 3, status="complete", totals=TOTALS, footprint=FOOTPRINT
        )
        run_id = store.list_runs()[0].id
    data = load_input(run_id, db=db)
    en = render_markdown(data, "en")
    assert "Measured with wattprint" in en and "Power sensors: gpu0" in en
    assert "Modelled with" not in en

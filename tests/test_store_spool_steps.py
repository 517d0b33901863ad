"""Steps and phases through the spool (issue 19): a flush with steps is one ``write``;
readers see them, once each, with their numbering kept across writers."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wattprint.errors import StoreError
from wattprint.store import RunInfo, RunStore
from wattprint.store.spool import spool_path

T0 = float(int(time.time()))
STEPS = [
    (T0 + 1.5, 1, 512, 8, "train"),
    (T0 + 2.5, 2, None, None, None),
    (T0 + 3.5, 3, 512, 8, "it's\ttabbed"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    with RunStore(tmp_path / "runs.db") as s:
        yield s


def new_run(store: RunStore) -> str:
    return store.create_run(RunInfo("job", "measurement", T0, socket.gethostname(), os.getpid()))


def test_spooled_steps_and_phases_are_read_back_exactly_and_counted(store: RunStore) -> None:
    run_id = new_run(store)
    writer = store.spool_writer(run_id)
    writer.append_steps(STEPS)
    writer.append_phase(("eval", T0 + 1.0, T0 + 3.0, 600.0))
    writer.close()
    steps = store.steps(run_id)
    assert [(s.t, s.step, s.tokens, s.samples, s.phase) for s in steps] == STEPS
    assert store.get_run(run_id).step_count == 3
    (phase,) = store.phases(run_id)
    assert (phase.name, phase.start_t, phase.end_t, phase.energy_j) == (
        "eval", T0 + 1.0, T0 + 3.0, 600.0,
    )  # fmt: skip


def test_lines_moved_twice_are_stored_once(store: RunStore, tmp_path: Path) -> None:
    run_id = new_run(store)
    writer = store.spool_writer(run_id)
    writer.append_steps(STEPS)
    writer.append_phase(("eval", T0, T0 + 1.0, 10.0))
    store.ingest_spool(run_id)
    with sqlite3.connect(tmp_path / "runs.db") as conn:  # as if another process had not seen it
        conn.execute("UPDATE runs SET spool_bytes = 0")
    store.ingest_spool(run_id)
    assert len(store.steps(run_id)) == 3 and store.get_run(run_id).step_count == 3
    assert len(store.phases(run_id)) == 1


def test_a_second_writer_numbers_its_steps_after_the_first(store: RunStore) -> None:
    run_id = new_run(store)
    first = store.spool_writer(run_id)
    first.append_steps(STEPS[:2])
    first.close()
    second = store.spool_writer(run_id)
    second.append_steps(STEPS[2:])
    second.close()
    assert [s.step for s in store.steps(run_id)] == [1, 2, 3]
    assert store.get_run(run_id).step_count == 3


@pytest.mark.parametrize(
    "row",
    [
        (float("nan"), 1, None, None, None),
        (T0, 1.5, None, None, None),
        (T0, 1, "many", None, None),
        (T0, 1, None, None, 7),
    ],
    ids=["nan time", "float step", "text tokens", "number phase"],
)
def test_an_invalid_step_row_is_refused_and_nothing_written(
    store: RunStore, row: tuple[object, ...]
) -> None:
    run_id = new_run(store)
    writer = store.spool_writer(run_id)
    with pytest.raises(StoreError, match="step row 1 is invalid"):
        writer.append_steps([STEPS[0], row])  # type: ignore[list-item]  # the bad input
    assert spool_path(store.path, run_id).stat().st_size == 0


def test_an_invalid_phase_row_is_refused(store: RunStore) -> None:
    writer = store.spool_writer(new_run(store))
    with pytest.raises(StoreError, match="invalid phase row"):
        writer.append_phase(("", T0, None, None))
    with pytest.raises(StoreError, match="end and energy must be finite"):
        writer.append_phase(("eval", T0, T0 + 1, float("inf")))


def test_a_damaged_step_line_is_skipped_with_a_warning_naming_the_file(
    store: RunStore, caplog: pytest.LogCaptureFixture
) -> None:
    run_id = new_run(store)
    path = spool_path(store.path, run_id)
    store.spool_writer(run_id).close()
    path.write_text("s\t0\tnot-a-time\t1\tNone\tNone\tNone\ns\t1\t2.5\t2\t8\tNone\tNone\n")
    with caplog.at_level("WARNING", logger="wattprint.store.spool"):
        store.ingest_spool(run_id)
    assert f"{path}: a spool line is damaged" in caplog.text
    assert [s.step for s in store.steps(run_id)] == [2]  # the whole line after it is kept


def test_a_burst_of_steps_is_moved_in_as_it_comes_so_the_end_has_little_to_move(
    tmp_path: Path,
) -> None:
    # 50,000 steps in a second: without a move by size, all of them would wait in the
    # spool for the caller's stop() (1 s for 300,000 here); with it, fewer than
    # INGEST_LINES ever wait
    from wattprint.measure import MockSensor, TrackerConfig, track
    from wattprint.measure.persist import INGEST_LINES

    db = tmp_path / "runs.db"
    config = TrackerConfig(db_path=str(db))
    run = track("burst", config=config, sensors=[MockSensor("g", 1.0)]).start()
    run.wait_ready(5.0)
    for _ in range(50_000):
        run.step()
    time.sleep(1.5)  # the sampler takes the last backlog
    assert run.run_id is not None
    with sqlite3.connect(db) as conn:
        (offset,) = conn.execute("SELECT spool_bytes FROM runs").fetchone()
    waiting = spool_path(db, run.run_id).read_bytes()[offset:].count(b"\n")
    run.stop()
    assert waiting < INGEST_LINES
    with RunStore(db) as store:
        assert len(store.steps(run.run_id)) == 50_000

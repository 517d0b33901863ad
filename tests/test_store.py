"""The run store on real SQLite files: round-trips, ids, listing, status, downsampling."""

from __future__ import annotations

import math
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.errors import StoreError
from wattprint.store import (
    SCHEMA_VERSION,
    PhaseRow,
    RunFilter,
    RunInfo,
    RunStore,
    SampleRow,
    StepRow,
    default_db_path,
)

# Whole seconds, after this process started: a run of this pid started at T0 is alive.
T0 = float(int(time.time()))


def info(name: str = "job", **changes: object) -> RunInfo:
    base: dict[str, object] = {
        "name": name,
        "kind": "measurement",
        "started_at": T0,
        "host": socket.gethostname(),  # this host and a live pid: the run reads as running
        "pid": os.getpid(),
    }
    base.update(changes)
    return RunInfo(**base)  # type: ignore[arg-type]


@pytest.fixture
def store(store_location: str) -> Iterator[RunStore]:
    """A run store on each backend: an SQLite file, a real PostgreSQL database."""
    with RunStore(store_location) as s:
        yield s


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# -- round trips ------------------------------------------------------------------


def test_run_round_trip(store: RunStore) -> None:
    run_info = info(
        "llama",
        region="DE",
        facility="hyperscale",
        tags={"team": "nlp", "model": "7b"},
        command=["python", "train.py", "--lr", "3e-4"],
        node_key="node-a:job42",
    )
    run_id = store.create_run(run_info)
    record = store.get_run(run_id)
    assert (record.id, record.name, record.kind, record.status) == (
        run_id,
        "llama",
        "measurement",
        "running",
    )
    assert (record.started_at, record.host, record.pid) == (T0, socket.gethostname(), os.getpid())
    assert (record.region, record.facility, record.node_key) == ("DE", "hyperscale", "node-a:job42")
    assert record.tags == {"model": "7b", "team": "nlp"}
    assert record.command == ["python", "train.py", "--lr", "3e-4"]
    assert (record.ended_at, record.exit_code, record.footprint) == (None, None, None)
    assert (record.totals, record.sensors, record.sample_count, record.step_count) == ({}, [], 0, 0)


def test_finish_heartbeat_sensors_round_trip(store: RunStore) -> None:
    run_id = store.create_run(info())
    sensors = [
        {"name": "gpu0", "method": "counter", "label": "H100"},
        {"name": "rapl", "status": "unavailable", "reason": "no permission"},
    ]
    store.update_sensors(run_id, sensors)
    store.heartbeat(run_id, T0 + 5)
    assert store.get_run(run_id).last_flush_at == T0 + 5
    footprint = {"kind": "measurement", "outputs": {"it_energy": {"p50": 1.5}}}
    totals = {"energy_j": 1.5e6, "per_device": {"gpu0": 1.0e6}}
    store.finish_run(
        run_id, ended_at=T0 + 60, status="complete", exit_code=0, totals=totals, footprint=footprint
    )
    record = store.get_run(run_id)
    assert (record.status, record.ended_at, record.exit_code) == ("complete", T0 + 60, 0)
    assert (record.totals, record.footprint, record.sensors) == (totals, footprint, sensors)
    assert record.duration_s == 60
    store.finish_run(run_id, ended_at=T0 + 61, status="failed")  # None keeps what is stored
    assert store.get_run(run_id).totals == totals
    assert store.get_run(run_id).to_dict()["footprint"] == footprint


def test_samples_steps_phases_round_trip(store: RunStore) -> None:
    run_id = store.create_run(info())
    samples = [
        SampleRow(T0 + 1, "gpu0", 300.0, 300.0, "counter"),
        SampleRow(T0 + 1, "cpu-package0", None, 50.0, "counter"),
        SampleRow(T0 + 2, "gpu0", 310.5, 610.5, "counter"),
        SampleRow(T0 + 2, "cpu-model", 12.0, None, "model"),
    ]
    store.append_samples(run_id, samples)
    steps = [StepRow(T0 + 1, 1, 2048, 8, "train"), StepRow(T0 + 2, 2, None, None, None)]
    store.append_steps(run_id, steps)
    store.put_phase(run_id, PhaseRow("train", T0, None, None))
    store.put_phase(run_id, PhaseRow("eval", T0 + 3, T0 + 4, 12.0))
    store.put_phase(run_id, PhaseRow("train", T0, T0 + 3, 900.0))  # closes the open phase
    assert store.samples(run_id) == samples
    assert store.samples(run_id, device="gpu0") == [samples[0], samples[2]]
    assert store.steps(run_id) == steps
    assert store.phases(run_id) == [
        PhaseRow("train", T0, T0 + 3, 900.0),
        PhaseRow("eval", T0 + 3, T0 + 4, 12.0),
    ]
    record = store.get_run(run_id)
    assert (record.sample_count, record.step_count) == (4, 2)


def test_appends_number_rows_on_and_beat_in_one_commit(store: RunStore) -> None:
    run_id = store.create_run(info())
    store.append_samples(run_id, [SampleRow(T0, "gpu0", 1.0, 1.0, "counter")])  # n = 0
    rows = [(T0 + 5, "gpu0", 2.0, 11.0, "counter"), (T0 + 5, "cpu-model", None, 3.0, "model")]
    # a unique prefix resolves to the run
    store.append_samples(run_id[:6], [SampleRow(*r) for r in rows], flushed_at=T0 + 5.5)
    store.append_samples(run_id, [], flushed_at=T0 + 10.5)  # nothing new: the heartbeat alone
    record = store.get_run(run_id)
    assert (record.sample_count, record.last_flush_at) == (3, T0 + 10.5)
    assert [r.as_tuple() for r in store.samples(run_id)][1:] == rows  # equal t: append order
    with store._db.read() as conn:  # the ordinals continue from the run's counter
        ns = conn.execute("SELECT device, n FROM samples ORDER BY n").fetchall()
    assert ns == [("gpu0", 0), ("gpu0", 1), ("cpu-model", 2)]


def test_appends_refuse_bad_rows_and_a_deleted_run(store: RunStore) -> None:
    run_id = store.create_run(info())
    with pytest.raises(StoreError, match="sample row 1 is invalid"):
        store.append_samples(
            run_id,
            [SampleRow(T0, "gpu0", 1.0, 1.0, "counter"), SampleRow(T0, "gpu0", math.nan, 1.0, "x")],
        )
    with pytest.raises(StoreError, match="heartbeat time must be finite"):
        store.append_samples(run_id, [], flushed_at=math.inf)
    assert store.get_run(run_id).sample_count == 0 and store.samples(run_id) == []
    store.delete_run(run_id)
    with pytest.raises(StoreError, match=r"no run with id"):
        store.append_samples(run_id, [SampleRow(T0, "gpu0", 1.0, 1.0, "counter")], flushed_at=T0)
    with store._db.read() as conn:
        assert conn.execute("SELECT count(*) FROM samples").fetchone() == (0,)


def test_samples_with_equal_times_keep_append_order(store: RunStore) -> None:
    run_id = store.create_run(info())
    rows = [SampleRow(T0, "gpu0", float(i), None, "counter") for i in range(5)]
    store.append_samples(run_id, rows[:2])
    store.append_samples(run_id, rows[2:])
    assert store.samples(run_id) == rows


sample_rows = st.builds(
    SampleRow,
    t=st.floats(0, 4e9, allow_nan=False),
    device=st.sampled_from(["gpu0", "gpu1", "cpu-package0"]),
    power_w=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    energy_j=st.none() | st.floats(0, 1e15, allow_nan=False),
    method=st.sampled_from(["counter", "model"]),
)


@given(rows=st.lists(sample_rows, max_size=40), cuts=st.lists(st.integers(0, 40), max_size=6))
def test_any_batch_split_stores_the_same_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[SampleRow], cuts: list[int]
) -> None:
    with RunStore(tmp_path_factory.mktemp("split") / "runs.db") as store:
        whole = store.create_run(info("whole"))
        split = store.create_run(info("split"))
        store.append_samples(whole, rows)
        bounds = [0, *sorted(min(c, len(rows)) for c in cuts), len(rows)]
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
            store.append_samples(split, rows[lo:hi])
        expected = sorted(rows, key=lambda r: r.t)  # stable: equal times keep append order
        assert store.samples(whole) == expected
        assert store.samples(split) == expected
        assert store.get_run(split).sample_count == len(rows)


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        (SampleRow(math.nan, "gpu0", 1.0, 1.0, "counter"), "sample row 0"),
        (SampleRow(T0, "gpu0", math.nan, 1.0, "counter"), "finite"),
        (SampleRow(T0, "gpu0", 1.0, math.inf, "counter"), "finite"),
        (SampleRow(T0, "", 1.0, 1.0, "counter"), "non-empty device"),
    ],
)
def test_invalid_samples_are_refused_and_nothing_is_written(
    store: RunStore, row: SampleRow, needle: str
) -> None:
    run_id = store.create_run(info())
    good = SampleRow(T0, "gpu0", 1.0, 1.0, "counter")
    with pytest.raises(StoreError, match=needle):
        store.append_samples(run_id, [good, row] if needle != "sample row 0" else [row])
    assert store.samples(run_id) == []


def test_invalid_records_are_refused(store: RunStore) -> None:
    with pytest.raises(StoreError, match="kind must be one of measurement, estimate"):
        store.create_run(info(kind="guess"))
    with pytest.raises(StoreError, match="name must be a non-empty string"):
        store.create_run(info(""))
    with pytest.raises(StoreError, match="tags must map"):
        store.create_run(info(tags={"a=b": "c"}))
    run_id = store.create_run(info())
    with pytest.raises(StoreError, match="cannot finish a run with status 'done'"):
        store.finish_run(run_id, ended_at=T0, status="done")
    with pytest.raises(StoreError, match="totals cannot be stored as JSON"):
        store.finish_run(run_id, ended_at=T0, status="complete", totals={"x": object()})
    with pytest.raises(StoreError, match="step row 0"):
        store.append_steps(run_id, [StepRow(T0, 1.5, None, None, None)])  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="PhaseRow.end_t must be a finite number"):
        store.put_phase(run_id, PhaseRow("x", T0, math.inf, None))
    assert store.get_run(run_id).status == "running"


# -- ids ----------------------------------------------------------------------------


def test_ids_sort_by_start_and_prefixes_resolve(store: RunStore) -> None:
    ids = [store.create_run(info(started_at=T0 + 100 * i)) for i in range(3)]
    assert ids == sorted(ids)
    assert all(len(i) == 14 and int(i, 16) >= 0 for i in ids)
    assert ids[0][:8] == f"{int(T0):08x}"
    assert store.get_run(ids[1][:10]).id == ids[1]
    assert store.get_run(" " + ids[2].upper() + " ").id == ids[2]


def test_unknown_id_names_the_nearest_ids(store: RunStore) -> None:
    run_id = store.create_run(info())
    wrong = run_id[:-1] + ("0" if run_id[-1] != "0" else "1")
    with pytest.raises(StoreError) as caught:
        store.get_run(wrong)
    text = str(caught.value)
    assert f"no run with id {wrong!r} in {store.location}" in text
    assert f"nearest ids: {run_id}" in text
    assert "wattprint runs list" in text


def test_ambiguous_and_malformed_ids(store: RunStore) -> None:
    a = store.create_run(info(started_at=T0))
    b = store.create_run(info(started_at=T0 + 1))
    common = os.path.commonprefix([a, b])
    with pytest.raises(StoreError, match=f"prefix '{common}' is ambiguous.*{a}, {b}"):
        store.get_run(common)
    with pytest.raises(StoreError, match="'run-1' is not a run id"):
        store.samples("run-1")
    with pytest.raises(StoreError, match="not a run id"):
        store.delete_run("")


def test_empty_store_says_so(store: RunStore) -> None:
    with pytest.raises(StoreError, match="the store has no runs yet"):
        store.get_run("abc")


def test_delete_removes_everything(store: RunStore) -> None:
    keep = store.create_run(info("keep"))
    gone = store.create_run(info("gone", started_at=T0 + 10))
    for run_id in (keep, gone):
        store.append_samples(run_id, [SampleRow(T0, "gpu0", 1.0, 1.0, "counter")])
        store.append_steps(run_id, [StepRow(T0, 1, 1, 1, None)])
        store.put_phase(run_id, PhaseRow("train", T0, None, None))
    store.delete_run(gone)
    assert [r.id for r in store.list_runs()] == [keep]
    with pytest.raises(StoreError, match="no run with id"):
        store.append_samples(gone, [SampleRow(T0, "gpu0", 1.0, 1.0, "counter")])
    assert len(store.samples(keep)) == 1 and len(store.steps(keep)) == 1


# -- listing ------------------------------------------------------------------------


@pytest.fixture
def filled(store: RunStore) -> RunStore:
    specs = [
        ("bert", 0, {"team": "nlp"}, "complete"),
        ("llama-7b", 100, {"team": "nlp", "gpu": "h100"}, "failed"),
        ("llama-13b", 200, {"team": "vision"}, "complete"),
        ("resnet", 300, {}, "running"),
    ]
    for name, offset, tags, status in specs:
        run_id = store.create_run(info(name, started_at=T0 + offset, tags=tags))
        store.heartbeat(run_id, T0 + offset + 1)
        if status != "running":
            store.finish_run(run_id, ended_at=T0 + offset + 50, status=status)
    return store


def names(records: list) -> list[str]:  # type: ignore[type-arg]
    return [r.name for r in records]


def test_list_filters(filled: RunStore) -> None:
    assert names(filled.list_runs()) == ["resnet", "llama-13b", "llama-7b", "bert"]
    assert names(filled.list_runs(RunFilter(name="bert"))) == ["bert"]
    assert names(filled.list_runs(RunFilter(name="llama-*"))) == ["llama-13b", "llama-7b"]
    assert names(filled.list_runs(RunFilter(tag="team=nlp"))) == ["llama-7b", "bert"]
    assert names(filled.list_runs(RunFilter(tag="gpu"))) == ["llama-7b"]
    assert names(filled.list_runs(RunFilter(status="complete"))) == ["llama-13b", "bert"]
    assert names(filled.list_runs(RunFilter(since=T0 + 100, until=T0 + 300))) == [
        "llama-13b",
        "llama-7b",
    ]
    assert names(filled.list_runs(RunFilter(name="llama-*", tag="team=nlp"))) == ["llama-7b"]
    assert filled.count_runs() == 4
    assert filled.count_runs(RunFilter(tag="team=nlp", status="complete")) == 1
    assert filled.list_runs(RunFilter(name="nobody")) == []
    assert len(filled.list_runs(RunFilter(host=socket.gethostname()))) == 4
    assert filled.list_runs(RunFilter(host="another-node")) == []


def test_list_sorting_and_paging(filled: RunStore) -> None:
    assert names(filled.list_runs(order_by="name", descending=False)) == [
        "bert",
        "llama-13b",
        "llama-7b",
        "resnet",
    ]
    assert names(filled.list_runs(descending=False, limit=2)) == ["bert", "llama-7b"]
    assert names(filled.list_runs(descending=False, limit=2, offset=2)) == ["llama-13b", "resnet"]
    assert len(filled.list_runs(limit=None)) == 4
    with pytest.raises(StoreError, match="cannot sort runs by 'power'; expected one of"):
        filled.list_runs(order_by="power")
    assert len(filled.list_runs(order_by="energy")) == 4  # the footprint's median, if any
    with pytest.raises(StoreError, match="unknown run status 'done'"):
        filled.list_runs(RunFilter(status="done"))
    with pytest.raises(StoreError, match="limit and offset must be >= 0"):
        filled.list_runs(limit=-1)


# -- derived status -----------------------------------------------------------------


def test_running_run_of_a_live_process_stays_running(tmp_path: Path) -> None:
    with RunStore(tmp_path / "runs.db", stale_after_s=0.0) as store:
        run_id = store.create_run(info())
        time.sleep(0.01)
        assert store.get_run(run_id).status == "running"  # flush is old, but pid is alive
        assert store.count_runs(RunFilter(status="running")) == 1


def test_dead_process_reads_incomplete_only_after_the_window(tmp_path: Path) -> None:
    pid = dead_pid()
    with RunStore(tmp_path / "runs.db", stale_after_s=30.0) as store:
        now = time.time()
        fresh = store.create_run(info("fresh", pid=pid, started_at=now))
        old = store.create_run(info("old", pid=pid, started_at=now - 90))
        store.heartbeat(old, now - 60)
        elsewhere = store.create_run(info("elsewhere", host="other-host", started_at=now - 90))
        assert store.get_run(fresh).status == "running"
        assert store.get_run(old).status == "incomplete"
        assert store.get_run(elsewhere).status == "incomplete"
        assert sorted(names(store.list_runs(RunFilter(status="incomplete")))) == [
            "elsewhere",
            "old",
        ]
        assert names(store.list_runs(RunFilter(status="running"))) == ["fresh"]
        assert store.count_runs(RunFilter(status="incomplete")) == 2
        store.finish_run(old, ended_at=now, status="complete")
        assert store.get_run(old).status == "complete"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs procfs")
def test_a_reused_pid_does_not_keep_an_old_run_alive(tmp_path: Path) -> None:
    with RunStore(tmp_path / "runs.db") as store:
        # Our pid, but the run "started" an hour before this process did.
        run_id = store.create_run(info(started_at=time.time() - 3600))
        assert store.get_run(run_id).status == "incomplete"


# -- downsampling -------------------------------------------------------------------


def test_downsampling_keeps_extremes_ends_and_the_budget(store: RunStore) -> None:
    run_id = store.create_run(info())
    n = 20_000
    gpu = [
        SampleRow(T0 + i * 0.01, "gpu0", 300.0 + 50 * math.sin(i / 500), i * 3.0, "counter")
        for i in range(n)
    ]
    gpu[7_777] = SampleRow(gpu[7_777].t, "gpu0", 999.0, gpu[7_777].energy_j, "counter")  # spike
    gpu[12_345] = SampleRow(gpu[12_345].t, "gpu0", -5.0, gpu[12_345].energy_j, "counter")  # dip
    cpu = [SampleRow(T0 + i, "cpu-package0", None, i * 10.0, "counter") for i in range(50)]
    for lo in range(0, n, 3_000):
        store.append_samples(run_id, gpu[lo : lo + 3_000])
    store.append_samples(run_id, cpu)
    kept = store.samples(run_id, max_points=100)
    kept_gpu = [r for r in kept if r.device == "gpu0"]
    assert 50 <= len(kept_gpu) <= 100
    assert [r for r in kept if r.device == "cpu-package0"] == cpu  # few enough: all of them
    assert kept == sorted(kept, key=lambda r: r.t)
    assert set(kept_gpu) <= set(gpu)  # every row is a stored row
    assert {gpu[0], gpu[-1], gpu[7_777], gpu[12_345]} <= set(kept_gpu)
    assert max(r.power_w or 0 for r in kept_gpu) == 999.0
    assert store.samples(run_id, device="gpu0", max_points=100) == kept_gpu


@pytest.mark.parametrize("max_points", [1, 2, 3, 4, 5, 9])
def test_downsampling_tiny_budgets(store: RunStore, max_points: int) -> None:
    run_id = store.create_run(info())
    rows = [SampleRow(T0 + i, "gpu0", float(i % 17), None, "counter") for i in range(200)]
    store.append_samples(run_id, rows)
    kept = store.samples(run_id, max_points=max_points)
    assert 1 <= len(kept) <= max_points
    assert max(r.power_w or 0.0 for r in kept) == 16.0


def test_downsampling_energy_only_and_equal_times(store: RunStore) -> None:
    run_id = store.create_run(info())
    rows = [SampleRow(T0, "dram0", None, float(i), "counter") for i in range(30)]
    store.append_samples(run_id, rows)
    kept = store.samples(run_id, max_points=10)
    assert 1 <= len(kept) <= 10 and rows[0] in kept and rows[-1] in kept
    with pytest.raises(StoreError, match="max_points must be at least 1"):
        store.samples(run_id, max_points=0)


# -- threads, paths, lifecycle ------------------------------------------------------


def test_threads_sharing_one_store_lose_no_rows(store: RunStore) -> None:
    run_id = store.create_run(info())

    def write(device: str) -> None:
        for batch in range(20):
            rows = [SampleRow(T0 + batch + i / 10, device, 1.0, None, "counter") for i in range(10)]
            store.append_samples(run_id, rows)
            store.heartbeat(run_id, T0 + batch)

    threads = [threading.Thread(target=write, args=(f"gpu{k}",)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.samples(run_id)) == 4 * 20 * 10 == store.get_run(run_id).sample_count


def test_default_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTPRINT_DB", str(tmp_path / "env" / "x.db"))
    assert default_db_path() == tmp_path / "env" / "x.db"
    with RunStore() as store:
        assert store.path == tmp_path / "env" / "x.db"
        assert store.path.exists()
    monkeypatch.delenv("WATTPRINT_DB")
    assert default_db_path().name == "runs.db"


def test_file_is_wal_and_versioned(store: RunStore) -> None:
    with store._db.read() as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert int(version[0]) == SCHEMA_VERSION == 4
    if not store.location.startswith("postgresql:"):
        conn = sqlite3.connect(store.path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()


def test_closed_store_says_so(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs.db")
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="is closed"):
        store.list_runs()


def test_samples_and_the_heartbeat_go_in_one_commit(store: RunStore) -> None:
    run_id = store.create_run(info())
    store.append_samples(run_id, [SampleRow(T0 + 1, "gpu0", 300.0, 300.0, "counter")],
                         flushed_at=T0 + 2)  # fmt: skip
    record = store.get_run(run_id)
    assert (record.sample_count, record.last_flush_at) == (1, T0 + 2)
    store.append_samples(run_id, [], flushed_at=T0 + 7)  # an idle flush: heartbeat only
    assert store.get_run(run_id).last_flush_at == T0 + 7
    with pytest.raises(StoreError, match="finite"):
        store.append_samples(run_id, [], flushed_at=float("nan"))


def test_status_filters_when_no_run_is_stale(store: RunStore) -> None:
    run_id = store.create_run(info())  # this live process: running, not stale
    assert [r.id for r in store.list_runs(RunFilter(status="running"))] == [run_id]
    assert store.list_runs(RunFilter(status="incomplete")) == []

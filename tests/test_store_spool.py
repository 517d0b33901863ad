"""The spool: a running producer's samples in a plain file, seen by every read, moved into
the SQLite file once each, and gone when the run finishes or is deleted."""

from __future__ import annotations

import math
import os
import socket
import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattprint.errors import StoreError
from wattprint.store import RunInfo, RunStore, SampleRow
from wattprint.store.spool import spool_path

T0 = float(int(time.time()))
ROWS = [
    (T0 + 5, "gpu0", 300.0, 1500.0, "counter"),
    (T0 + 5, "cpu-model", None, 12.5, "model"),
    (T0 + 10, "gpu0", 310.5, 3052.5, "counter"),
]


def info() -> RunInfo:
    return RunInfo("job", "measurement", T0, socket.gethostname(), os.getpid())


@pytest.fixture
def store(store_location: str) -> Iterator[RunStore]:
    """A run store on each backend: an SQLite file, a real PostgreSQL database."""
    with RunStore(store_location) as s:
        yield s


def as_tuples(rows: list[SampleRow]) -> list[tuple[object, ...]]:
    return [r.as_tuple() for r in rows]


def test_spooled_samples_are_seen_by_every_reader_before_the_producer_moves_them(
    store: RunStore,
) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    writer.append(ROWS[:2])
    writer.append(ROWS[2:])
    mtime = os.stat(writer.path).st_mtime
    with RunStore(store.location) as reader:  # another connection, as another process has
        record = reader.get_run(run_id)
        assert record.sample_count == 3
        assert record.last_flush_at == pytest.approx(mtime)  # the spool's time: the heartbeat
        assert as_tuples(reader.samples(run_id)) == ROWS  # by t, then append order
    assert store.ingest_spool(run_id) == 0, "the reader moved them in already"
    writer.close()


def test_each_line_is_stored_once_however_often_it_is_ingested(store: RunStore) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    writer.append(ROWS)
    assert store.ingest_spool(run_id) == 3
    with store._db.write() as conn:  # as if a crash lost the offset's update
        conn.execute("UPDATE runs SET spool_bytes = 0")
    assert store.ingest_spool(run_id) == 0
    assert store.get_run(run_id).sample_count == 3
    assert len(store.samples(run_id)) == 3
    writer.close()


def test_a_line_cut_by_a_crash_waits_for_its_end(store: RunStore) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    writer.append(ROWS[:1])
    writer.close()
    path = spool_path(store.path, run_id)
    whole = path.read_bytes()
    with open(path, "ab") as f:
        f.write(b"1\t1.0\t'gpu0'\t2")  # a write torn mid-line
    assert store.ingest_spool(run_id) == 1
    with open(path, "ab") as f:
        f.write(b".0\t3.0\t'counter'\n")
    assert store.ingest_spool(run_id) == 1
    assert as_tuples(store.samples(run_id))[0] == (1.0, "gpu0", 2.0, 3.0, "counter")  # by t
    assert path.read_bytes().startswith(whole)


def test_finishing_moves_the_rest_in_and_removes_the_file(store: RunStore) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    writer.append(ROWS)
    writer.close()
    store.finish_run(run_id, ended_at=T0 + 11, status="complete")
    assert not spool_path(store.path, run_id).exists()
    record = store.get_run(run_id)
    assert (record.sample_count, record.last_flush_at) == (3, T0 + 11)


def test_deleting_a_running_run_removes_its_spool(store: RunStore) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    writer.append(ROWS)
    writer.close()
    store.delete_run(run_id)
    assert not spool_path(store.path, run_id).exists()


def test_odd_device_names_round_trip(store: RunStore) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    odd = [(T0, "gpu\t0 'main'\n", 1.0, 2.0, 'mo"del\\'), (T0, "电源", None, None, "x")]
    writer.append(odd)
    writer.close()
    assert as_tuples(store.samples(run_id)) == odd


def test_bad_rows_are_refused_before_anything_is_written(store: RunStore) -> None:
    run_id = store.create_run(info())
    writer = store.spool_writer(run_id)
    with pytest.raises(StoreError, match="sample row 1 is invalid"):
        writer.append([ROWS[0], (T0, "gpu0", math.inf, 1.0, "counter")])
    assert writer.path.read_bytes() == b""
    writer.close()
    with pytest.raises(StoreError, match="spool file .* is closed"):
        writer.append(ROWS)


def test_a_damaged_line_is_skipped_named_and_never_loses_the_end(
    store: RunStore, caplog: pytest.LogCaptureFixture
) -> None:
    run_id = store.create_run(info())
    path = spool_path(store.path, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"0\t1.5\t'gpu0'\t1.0\t1.0\t'counter'\n"
        b"1\tnot-a-time\t'gpu0'\t1.0\t1.0\t'counter'\n"
        b"2\t2.5\t'gpu0'\t1.0\t2.0\t'counter'\n"
    )
    assert store.ingest_spool(run_id) == 2
    assert f"{path}: a spool line is damaged" in caplog.text
    store.finish_run(run_id, ended_at=T0 + 10, status="complete", totals={"energy_j": 2.0})
    record = store.get_run(run_id)
    assert record.status == "complete" and record.sample_count == 2
    assert [s.energy_j for s in store.samples(run_id)] == [1.0, 2.0]


def test_an_unwritable_spool_folder_is_a_clear_error(store: RunStore) -> None:
    run_id = store.create_run(info())
    folder = spool_path(store.path, run_id).parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot create the spool file"):
        store.spool_writer(run_id)


samples = st.tuples(
    st.floats(0, 4e9, allow_nan=False),
    st.sampled_from(["gpu0", "cpu-model", "a\tb"]),
    st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    st.none() | st.floats(0, 1e15, allow_nan=False),
    st.sampled_from(["counter", "model"]),
)


@given(
    batches=st.lists(st.lists(samples, max_size=5), max_size=8),
    ingest_after=st.sets(st.integers(0, 8)),
)
def test_any_schedule_of_appends_and_ingests_stores_what_direct_appends_store(
    tmp_path_factory: pytest.TempPathFactory,
    batches: list[list[tuple[float, str, float | None, float | None, str]]],
    ingest_after: set[int],
) -> None:
    with RunStore(tmp_path_factory.mktemp("spool") / "runs.db") as store:
        direct, spooled = store.create_run(info()), store.create_run(info())
        writer = store.spool_writer(spooled)
        for i, batch in enumerate(batches):
            store.append_samples(direct, [SampleRow(*row) for row in batch])
            writer.append(batch)
            if i in ingest_after:
                store.ingest_spool(spooled)
        writer.close()
        assert store.samples(spooled) == store.samples(direct)
        assert store.get_run(spooled).sample_count == store.get_run(direct).sample_count


def test_a_new_writer_numbers_on_from_what_is_stored_and_spooled(store: RunStore) -> None:
    run_id = store.create_run(info())
    store.append_samples(run_id, [SampleRow(*ROWS[0])])
    first = store.spool_writer(run_id)
    first.append([ROWS[0]])  # same device and time as the stored row: still a row of its own
    first.close()
    second = store.spool_writer(run_id)  # moves the first writer's line in, numbers on
    second.append([ROWS[0]])
    second.close()
    assert store.get_run(run_id).sample_count == 3
    assert as_tuples(store.samples(run_id)) == [ROWS[0]] * 3

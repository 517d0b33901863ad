"""Several processes on one store (an SQLite file, a real PostgreSQL database), and a
writer killed with SIGKILL mid-run."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import time

import pytest

from wattprint.store import RunFilter, RunInfo, RunStore, SampleRow, StepRow

WRITERS = 8
SAMPLES_EACH = 500
BATCH = 25

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses fork and SIGKILL")


def context() -> multiprocessing.context.ForkContext:
    # fork: the children run functions of this test module without importing it again.
    return multiprocessing.get_context("fork")


def start_info(name: str) -> RunInfo:
    return RunInfo(
        name=name,
        kind="measurement",
        started_at=time.time(),
        host=socket.gethostname(),
        pid=os.getpid(),
    )


def writer(path: str, shared_id: str, k: int) -> None:
    """Child: its own run and the shared run, small batches, interleaved with the others."""
    with RunStore(path) as store:
        own = store.create_run(start_info(f"writer-{k}"))
        device = f"gpu{k}"
        for lo in range(0, SAMPLES_EACH, BATCH):
            rows = [
                SampleRow(1_700_000_000.0 + i, device, float(k), float(i), "counter")
                for i in range(lo, lo + BATCH)
            ]
            store.append_samples(own, rows)
            store.append_samples(shared_id, rows)
            store.append_steps(shared_id, [StepRow(time.time(), lo // BATCH, BATCH, 1, None)])
            store.heartbeat(own, time.time())
        store.finish_run(own, ended_at=time.time(), status="complete")


def test_eight_writer_processes_lose_no_rows(store_location: str) -> None:
    path = store_location
    with RunStore(path) as store:
        shared_id = store.create_run(start_info("shared"))
    procs = [
        context().Process(target=writer, args=(str(path), shared_id, k)) for k in range(WRITERS)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
    assert [proc.exitcode for proc in procs] == [0] * WRITERS
    with RunStore(path) as store:
        shared = store.samples(shared_id)
        assert len(shared) == WRITERS * SAMPLES_EACH == store.get_run(shared_id).sample_count
        for k in range(WRITERS):
            mine = store.samples(shared_id, device=f"gpu{k}")
            assert [r.energy_j for r in mine] == [float(i) for i in range(SAMPLES_EACH)]
        assert len(store.steps(shared_id)) == WRITERS * SAMPLES_EACH // BATCH
        own_runs = store.list_runs(RunFilter(name="writer-*"), limit=None)
        assert len(own_runs) == WRITERS
        assert {r.status for r in own_runs} == {"complete"}
        assert {r.sample_count for r in own_runs} == {SAMPLES_EACH}
        assert all(len(store.samples(r.id)) == SAMPLES_EACH for r in own_runs)


def test_a_store_opened_before_fork_works_on_both_sides(store_location: str) -> None:
    with RunStore(store_location) as store:
        run_id = store.create_run(start_info("forked"))
        store.append_samples(run_id, [SampleRow(1.0, "gpu0", 1.0, None, "counter")])

        def child() -> None:  # uses the inherited object: it must open its own connection
            store.append_samples(run_id, [SampleRow(2.0, "gpu1", 2.0, None, "counter")])
            store.close()

        proc = context().Process(target=child)
        proc.start()
        proc.join(timeout=30)
        assert proc.exitcode == 0
        store.append_samples(run_id, [SampleRow(3.0, "gpu0", 3.0, None, "counter")])
        assert [r.t for r in store.samples(run_id)] == [1.0, 2.0, 3.0]


def opener(path: str, k: int) -> None:
    """Child: open a file that may not exist yet and start one run."""
    with RunStore(path) as store:
        store.create_run(start_info(f"opener-{k}"))


def test_processes_creating_the_same_new_file_at_once(store_location: str) -> None:
    path = store_location.replace("runs.db", "new/runs.db")  # a folder still to be made
    procs = [context().Process(target=opener, args=(str(path), k)) for k in range(WRITERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
    assert [proc.exitcode for proc in procs] == [0] * WRITERS
    with RunStore(path) as store:
        assert store.count_runs(RunFilter(name="opener-*")) == WRITERS


def endless_writer(path: str, queue: multiprocessing.Queue[str]) -> None:
    """Child: writes batches until it is killed, telling the parent its run id."""
    with RunStore(path) as store:
        run_id = store.create_run(start_info("doomed"))
        queue.put(run_id)
        batch = 0
        while True:
            rows = [
                SampleRow(time.time(), "gpu0", 300.0, float(batch * BATCH + i), "counter")
                for i in range(BATCH)
            ]
            store.append_samples(run_id, rows)
            store.heartbeat(run_id, time.time())
            batch += 1


def test_sigkill_mid_write_keeps_flushed_rows_and_reads_incomplete(store_location: str) -> None:
    path = store_location
    RunStore(path).close()
    queue: multiprocessing.Queue[str] = context().Queue()
    proc = context().Process(target=endless_writer, args=(str(path), queue))
    proc.start()
    run_id = queue.get(timeout=30)
    with RunStore(path, stale_after_s=0.2) as store:
        deadline = time.monotonic() + 30
        while store.get_run(run_id).sample_count < 20 * BATCH and time.monotonic() < deadline:
            time.sleep(0.01)
        assert store.get_run(run_id).status == "running"  # alive and flushing
        seen = store.get_run(run_id).sample_count
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
        assert proc.exitcode == -signal.SIGKILL
        time.sleep(0.3)  # let the last heartbeat age past the window
        record = store.get_run(run_id)
        assert record.status == "incomplete"
        assert record.pid == proc.pid
        rows = store.samples(run_id)
        assert len(rows) == record.sample_count >= seen
        assert len(rows) % BATCH == 0  # each batch is all or nothing
        assert sorted(r.energy_j or 0.0 for r in rows) == [float(i) for i in range(len(rows))]
        assert [r.id for r in store.list_runs(RunFilter(status="incomplete"))] == [run_id]
    with RunStore(path) as store:  # and the file opens cleanly afterwards
        store.append_samples(run_id, [SampleRow(time.time(), "gpu0", 1.0, None, "counter")])
        assert store.get_run(run_id).sample_count == len(rows) + 1

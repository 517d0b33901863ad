"""A real Prometheus server scrapes ``wattprint exporter`` and gets the power it was fed.

The exporter runs as its own process over a fake powercap tree whose package counter
grows at 37.5 W and wraps every 4 s (``max_energy_range_uj`` = 150 J), so over the test
the counter wraps several times; Prometheus scrapes it every second.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from tests.prometheus_support import (
    PowercapWriter,
    PrometheusServer,
    free_port,
    start_exporter,
)
from wattprint.store import RunInfo, RunStore
from wattprint.store.liveness import this_host

POWER_W = 37.5
MAX_RANGE_J = 150.0


@pytest.fixture(scope="module")
def scraped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PrometheusServer, str]]:
    """A powercap writer, a running run in a store, the exporter, and Prometheus on it."""
    tmp = tmp_path_factory.mktemp("prom")
    db = tmp / "runs.db"
    with RunStore(db) as store:
        run_id = store.create_run(
            RunInfo(
                "train-llm",
                "measurement",
                time.time(),
                this_host(),
                os.getpid(),
                node_key=f"{this_host()}:job-4242",
            )
        )
    writer = PowercapWriter(tmp / "powercap", POWER_W, int(MAX_RANGE_J * 1e6)).start()
    port = free_port()
    exporter = start_exporter(port, tmp / "powercap", db, tmp / "exporter.log")
    try:
        server = PrometheusServer(tmp, [f"127.0.0.1:{port}"])
        try:
            yield server, run_id
        finally:
            server.stop()
    finally:
        exporter.terminate()
        exporter.wait(10)
        writer.stop()


def test_prometheus_rate_of_the_energy_counter_is_the_power_fed(
    scraped: tuple[PrometheusServer, str],
) -> None:
    server, _ = scraped
    series = 'wattprint_device_energy_joules_total{device="cpu-package0"}'
    # six scrapes at least, so a 5 s window holds five samples
    server.wait_until(f"count_over_time({series}[10s]) >= 6", 40.0)
    (rate,) = server.query(f"rate({series}[5s])")
    assert float(rate["value"][1]) == pytest.approx(POWER_W, rel=0.1)
    (total,) = server.query(series)
    # the register wrapped (150 J) at least once; the counter kept counting
    assert float(total["value"][1]) > MAX_RANGE_J
    (resets,) = server.query(f"resets({series}[1m])")
    assert float(resets["value"][1]) == 0


def test_the_power_gauge_and_method_label(scraped: tuple[PrometheusServer, str]) -> None:
    server, _ = scraped
    (power,) = server.wait_until('wattprint_device_power_watts{device="cpu-package0"}', 30.0)
    assert power["metric"]["method"] == "measured"
    assert power["metric"]["kind"] == "host"
    assert float(power["value"][1]) == pytest.approx(POWER_W, rel=0.25)


def test_the_running_run_and_its_job_label_the_node(scraped: tuple[PrometheusServer, str]) -> None:
    server, run_id = scraped
    (energy,) = server.wait_until('wattprint_device_energy_joules_total{job_id="job-4242"}', 30.0)
    assert energy["metric"]["run_id"] == run_id
    (active,) = server.query("wattprint_active_run_info")
    assert active["metric"]["run_name"] == "train-llm"
    assert active["metric"]["run_id"] == run_id
    (info,) = server.query("wattprint_exporter_info")
    assert info["metric"]["host"] == this_host()

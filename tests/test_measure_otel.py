"""OpenTelemetry metrics from the tracker, read with the SDK's in-memory reader.

Off unless configured; when on, energy (counter), power (gauge) and energy per step
(histogram); without the extra the run goes on and says which extra to install.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import metrics
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, MetricsData

from tests.prometheus_support import SRC
from wattprint.errors import InputError
from wattprint.measure import MockSensor, TrackerConfig, track
from wattprint.measure.log import RunLog
from wattprint.measure.otel import attach
from wattprint.measure.sensor import CounterReading, SensorInfo
from wattprint.measure.series import SensorTrack

GPU = SensorInfo("gpu0", "accelerator", "gpu", "counter", "node", "test GPU")


class KeepingReader(InMemoryMetricReader):
    """The SDK's in-memory reader, keeping every batch (the last flush of a run too)."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[MetricsData] = []

    def _receive_metrics(self, metrics_data: MetricsData, *args: Any, **kwargs: Any) -> None:
        super()._receive_metrics(metrics_data, *args, **kwargs)
        self.batches.append(metrics_data)


def points(data: MetricsData | None, name: str) -> list[Any]:
    found: list[Any] = []
    for resource in data.resource_metrics if data is not None else ():
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name == name:
                    found.extend(metric.data.data_points)
    return found


def hand_made_run() -> tuple[RunLog, SensorTrack]:
    """A log started at monotonic 0 (unix 1000) and a GPU drawing 100 W for 10 s."""
    log = RunLog("hand", started_s=0.0, started_unix=1000.0)
    track = SensorTrack.start(GPU, CounterReading(0.0, 5000.0))
    track.add(CounterReading(10.0, 6000.0))
    return log, track


def test_step_energy_is_the_energy_between_step_ends() -> None:
    reader = InMemoryMetricReader()
    log, track = hand_made_run()
    bridge = attach(log, lambda: [track], dict, MeterProvider(metric_readers=[reader]))
    assert bridge is not None
    bridge.steps([(1002.0, 1), (1005.0, 2), (1009.0, 3), (1012.0, 4)])  # the 4th: no reading yet
    (hist,) = points(reader.get_metrics_data(), "wattprint.step.energy")
    assert (hist.count, hist.sum) == (3, pytest.approx(200.0 + 300.0 + 400.0))
    assert hist.bucket_counts[hist.explicit_bounds.index(500)] == 3  # all in (100, 500]
    track.add(CounterReading(20.0, 7000.0))
    bridge.close()  # the fourth step (9 s .. 12 s) now has its energy
    (hist,) = points(reader.get_metrics_data(), "wattprint.step.energy")
    assert (hist.count, hist.sum) == (4, pytest.approx(1200.0))


def test_energy_and_power_are_published_until_the_run_closes() -> None:
    reader = InMemoryMetricReader()
    log, track = hand_made_run()
    run = {"wattprint.run.id": "abc", "wattprint.run.name": "hand"}
    bridge = attach(log, lambda: [track], lambda: run, MeterProvider(metric_readers=[reader]))
    assert bridge is not None
    data = reader.get_metrics_data()
    (energy,) = points(data, "wattprint.energy")
    assert energy.value == 1000.0
    assert dict(energy.attributes) == {
        **run,
        "wattprint.device": "gpu0",
        "wattprint.device.kind": "accelerator",
        "wattprint.method": "measured",
    }
    assert points(data, "wattprint.power") == []  # one reading seen: no power yet
    track.add(CounterReading(14.0, 6800.0))
    (power,) = points(reader.get_metrics_data(), "wattprint.power")
    assert power.value == pytest.approx(800.0 / 4.0)
    bridge.close()
    track.add(CounterReading(20.0, 7800.0))  # read after the run ended: not published
    (energy,) = points(reader.get_metrics_data(), "wattprint.energy")
    assert energy.value == 1800.0


@pytest.fixture(scope="module")
def global_reader() -> Iterator[KeepingReader]:
    """The application's OpenTelemetry set-up: a global SDK provider (set once per process)."""
    reader = KeepingReader()
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    yield reader


def test_a_tracked_run_publishes_through_the_applications_provider(
    global_reader: KeepingReader,
) -> None:
    config = TrackerConfig(
        store=False, sample_interval_s=0.05, flush_interval_s=0.1, otel=True, job_id="job-9"
    )
    t_start = time.monotonic()
    with track("otel-run", config=config, sensors=[MockSensor("gpu0", 200.0)]) as run:
        for _ in range(4):
            time.sleep(0.05)
            run.step()
        time.sleep(0.2)
        t_query = time.monotonic()
        (live,) = points(global_reader.get_metrics_data(), "wattprint.energy")
    assert live.attributes["wattprint.job.id"] == "job-9"
    assert live.attributes["wattprint.run.name"] == "otel-run"
    # 200 W from the first reading to the latest, both inside [t_start, t_query]
    assert 0 < live.value <= 200.0 * (t_query - t_start)
    last_flush = global_reader.batches[-1]
    (final,) = points(last_flush, "wattprint.energy")
    assert final.value == run.result.devices[0].energy_j
    (hist,) = points(last_flush, "wattprint.step.energy")
    assert hist.count == 4
    assert 0 < hist.sum <= final.value


def test_the_setting_is_read_from_the_environment() -> None:
    assert TrackerConfig.from_env({}).otel is False
    assert TrackerConfig.from_env({"WATTPRINT_OTEL": "1"}).otel is True
    with pytest.raises(InputError, match="WATTPRINT_OTEL: not a yes/no value; got 'maybe'"):
        TrackerConfig.from_env({"WATTPRINT_OTEL": "maybe"})


def python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "PYTHONPATH": SRC, "WATTPRINT_STORE": "0", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


RUN = """
    import sys
    from wattprint.measure import MockSensor, track
    with track("r", sensors=[MockSensor("gpu0", 100.0)]) as run:
        run.step()
    print(run.result.energy_j > 0, sorted({m.split(".")[0] for m in sys.modules}))
"""


def test_off_by_default_nothing_of_opentelemetry_is_imported() -> None:
    done = python(RUN)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("True ")
    assert "opentelemetry" not in done.stdout


def test_without_the_extra_the_run_goes_on_and_names_it() -> None:
    block = "import sys; sys.modules['opentelemetry'] = None\n" + textwrap.dedent(RUN)
    done = python(block, WATTPRINT_OTEL="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("True ")
    assert "pip install 'wattprint[otel]'" in done.stderr


class Collector(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP endpoint that keeps what it is sent."""

    bodies: list[tuple[str, bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Collector.bodies.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_without_an_application_provider_metrics_go_over_otlp_http() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        done = python(RUN, WATTPRINT_OTEL="1", OTEL_EXPORTER_OTLP_ENDPOINT=endpoint)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr
    assert Collector.bodies, "nothing reached the OTLP endpoint"
    path, body = Collector.bodies[0]
    assert path == "/v1/metrics"
    assert b"wattprint.energy" in body
    assert b"wattprint.step.energy" in body

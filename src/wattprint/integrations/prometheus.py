"""Prometheus metrics: a node's live sensors and the runs a store holds.

Two collectors for ``prometheus_client`` (the optional extra ``wattprint[prometheus]``):

- :class:`NodeCollector` publishes a :class:`~wattprint.measure.exporter.NodeAgent`'s
  snapshot (``wattprint exporter``);
- :class:`StoredRunsCollector` publishes every stored run's footprint
  (``/metrics`` of ``wattprint serve``).

Names follow Prometheus' conventions: base units (joules, watts, grams of CO2e, cubic
metres of water, seconds), ``_total`` on counters, ``_info`` on metadata with value 1.
:data:`NODE_METRICS` and :data:`RUN_METRICS` list every name a scrape can show; the
Grafana dashboard under ``deploy/`` uses only these (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any

from wattprint._version import __version__
from wattprint.errors import MissingExtraError
from wattprint.measure.exporter import NodeSnapshot, method_label
from wattprint.measure.ranks import job_id_of
from wattprint.quantity.units import unit_dimension

if TYPE_CHECKING:
    from wattprint.measure.exporter import NodeAgent
    from wattprint.store import RunRecord, RunStore

ENERGY = "wattprint_device_energy_joules"
POWER = "wattprint_device_power_watts"
READ_ERRORS = "wattprint_sensor_read_errors"
EXPORTER_INFO = "wattprint_exporter"
ACTIVE_RUN = "wattprint_active_run"
NODE_METRICS = (
    f"{ENERGY}_total",
    POWER,
    f"{READ_ERRORS}_total",
    f"{EXPORTER_INFO}_info",
    f"{ACTIVE_RUN}_info",
)
"""Every metric name ``wattprint exporter`` emits (besides ``process_*``)."""

# (metric name without _total, footprint output, unit of the metric, help text)
RUN_OUTPUTS = (
    ("wattprint_run_it_energy_joules", "it_energy", "J", "IT energy of the run (p50)"),
    (
        "wattprint_run_facility_energy_joules",
        "facility_energy",
        "J",
        "facility energy of the run, IT energy x PUE (p50)",
    ),
    ("wattprint_run_carbon_grams", "carbon_total", "g", "carbon of the run, g CO2e (p50)"),
    (
        "wattprint_run_water_onsite_cubic_meters",
        "water_onsite",
        "m3",
        "water consumed on site by cooling (p50)",
    ),
    (
        "wattprint_run_water_offsite_cubic_meters",
        "water_offsite",
        "m3",
        "water consumed off site by power generation (p50)",
    ),
)
RUN_METRICS = tuple(f"{name}_total" for name, *_ in RUN_OUTPUTS)
"""Every metric name ``/metrics`` of ``wattprint serve`` emits."""

RUN_LABELS = ("run_id", "run_name", "host", "job_id", "kind", "status")


def require() -> ModuleType:
    """``prometheus_client``, or a :class:`MissingExtraError` naming the extra."""
    try:
        import prometheus_client
    except ImportError:
        raise MissingExtraError("prometheus", "Prometheus metrics", ["prometheus_client"]) from None
    return prometheus_client


def metric_core() -> ModuleType:
    """``prometheus_client.core`` (the metric family classes)."""
    require()
    import prometheus_client.core

    return prometheus_client.core


def converted(value: float, unit: str, to_unit: str) -> float:
    """``value`` in ``unit`` expressed in ``to_unit`` (same dimension)."""
    source, target = unit_dimension(unit), unit_dimension(to_unit)
    if source is None or target is None or source[0] != target[0]:
        raise ValueError(f"cannot convert {unit!r} to {to_unit!r}")
    return value * source[1] / target[1]


class NodeCollector:
    """Publishes a node agent's snapshot at every scrape."""

    def __init__(self, agent: NodeAgent) -> None:
        self.agent = agent

    def collect(self) -> Iterator[Any]:
        """The metric families of one snapshot (reads the sensors now)."""
        yield from node_families(self.agent.snapshot())

    def describe(self) -> list[Any]:
        """No up-front description: collecting reads sensors, so do not do it on register."""
        return []


def node_families(snap: NodeSnapshot) -> list[Any]:
    """The metric families of a node snapshot."""
    core = metric_core()
    run_id = ",".join(r.run_id for r in snap.runs)
    job_id = ",".join(sorted({r.job_id for r in snap.runs if r.job_id}))
    labels = ["device", "kind", "domain", "method", "run_id", "job_id"]
    energy = core.CounterMetricFamily(
        ENERGY, "Energy a device drew since the exporter started", labels=labels, unit="joules"
    )
    power = core.GaugeMetricFamily(POWER, "Latest power of a device", labels=labels)
    errors = core.CounterMetricFamily(
        READ_ERRORS, "Sensor reads that failed since the exporter started", labels=["device"]
    )
    for device in snap.devices:
        info = device.info
        values = [info.name, info.kind, info.domain, method_label(info), run_id, job_id]
        energy.add_metric(values, device.energy_j)
        if device.power_w is not None:
            power.add_metric(values, device.power_w)
        errors.add_metric([info.name], float(device.read_errors))
    exporter = core.InfoMetricFamily(EXPORTER_INFO, "The wattprint exporter on this node")
    exporter.add_metric([], {"version": __version__, "host": snap.host})
    active = core.InfoMetricFamily(
        ACTIVE_RUN, "A run being tracked on this node", labels=["run_id", "run_name", "job_id"]
    )
    for run in snap.runs:
        active.add_metric([run.run_id, run.name, run.job_id], {})
    return [energy, power, errors, exporter, active]


class StoredRunsCollector:
    """Publishes the footprint of every stored run that has one, as counters."""

    def __init__(self, store: RunStore) -> None:
        self.store = store

    def collect(self) -> Iterator[Any]:
        """One counter per footprint output, one sample per run."""
        yield from run_families(self.store.list_runs(limit=None))

    def describe(self) -> list[Any]:
        """No up-front description (collecting reads the store)."""
        return []


def run_families(records: list[RunRecord]) -> list[Any]:
    """The metric families of stored runs: each output's p50, in the metric's unit."""
    core = metric_core()
    families = [
        core.CounterMetricFamily(name, text, labels=list(RUN_LABELS))
        for name, _, _, text in RUN_OUTPUTS
    ]
    for record in records:
        outputs = (record.footprint or {}).get("outputs", {})
        labels = [
            record.id,
            record.name,
            record.host,
            job_id_of(record.node_key) or "",
            record.kind,
            record.status,
        ]
        for family, (_, output, unit, _text) in zip(families, RUN_OUTPUTS, strict=True):
            found = outputs.get(output)
            if found is None:
                continue
            family.add_metric(labels, converted(float(found["p50"]), str(found["unit"]), unit))
    return families

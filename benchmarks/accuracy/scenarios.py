"""Scenario mappings for a published run, drawn at the source's own boundary.

Two estimates per row (issue 6):

- (a) ``scenario_a``: the reported hardware and accelerator-hours (or count × duration),
  with the power the source used where it states one;
- (b) ``scenario_b``: parameters, tokens, hardware and cluster size alone, with
  wattprint's default utilisation (MFU), power share of TDP and host overhead.

Both take the site (PUE, grid intensity) from the row, because they are facts about the
data centre, not about the work; where the row gives none, from the catalog row it
names (``site_facility``, ``site_grid``).

**Like with like.** The scenario is drawn at the boundary the source reported:

- ``energy_basis`` gpu or it: PUE 1, so every output stops at that boundary;
- ``host_in_reported`` none (the source counted accelerators only, e.g. TDP × hours ×
  PUE): host power 0 W; ``in_power`` (the source's per-accelerator power already holds a
  host share, as Patterson et al.'s measured system power): host 0 W in (a), where that
  power is used, and the default host overhead in (b), where it is not.

Then gpu-basis figures are compared with ``accelerator_energy``, it with ``it_energy``,
facility with ``facility_energy``, and CO2 with ``carbon_operational`` (facility energy
at the same boundary × the row's intensity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from benchmarks.accuracy.published import PublishedRun

Method = Literal["a", "b"]
Scenario = dict[str, Any]

OUTPUT_FOR_BASIS = {"gpu": "accelerator_energy", "it": "it_energy", "facility": "facility_energy"}
SERVING = (
    "inference rows are validated by the serving model in benchmarks/accuracy/serving.py "
    "(serving_runs.csv), which needs the request rate and tokens in and out"
)


@dataclass(frozen=True)
class Skip:
    """Why a row cannot be estimated one way (shown in RESULTS.md as 'not comparable')."""

    reason: str


def host_counted(run: PublishedRun, method: Method) -> bool:
    """Whether the scenario adds wattprint's host overhead (see the module docstring)."""
    if run.energy_basis == "gpu" or run.host_in_reported == "none":
        return False
    return not (run.host_in_reported == "in_power" and method == "a" and run.power_w)


def pue_counted(run: PublishedRun) -> bool:
    """Whether the source's figure includes the facility overhead (PUE)."""
    return run.energy_basis == "facility"


def has_intensity(run: PublishedRun) -> bool:
    """Whether the row gives (or names a catalog grid for) the carbon intensity."""
    return run.grid_ci_g_per_kwh is not None or bool(run.site_grid)


def site(run: PublishedRun) -> Scenario:
    """The facility section: the row's PUE and intensity, else its catalog site."""
    facility: Scenario = {}
    if not pue_counted(run):
        facility["pue"] = 1
    elif run.pue is not None:
        facility["pue"] = run.pue
    elif run.site_facility:
        facility["name"] = run.site_facility
    if run.grid_ci_g_per_kwh is not None:
        facility["carbon_intensity"] = f"{run.grid_ci_g_per_kwh:g} g/kWh"
    elif run.site_grid:
        facility["grid"] = run.site_grid
    return facility


def _hardware(run: PublishedRun, method: Method, *, power: bool) -> Scenario:
    hardware: Scenario = {"accelerator": run.accelerator}
    if run.accelerator_count is not None:
        hardware["count"] = run.accelerator_count
    if power and run.power_w is not None:
        hardware["power"] = f"{run.power_w:g} W"
    if not host_counted(run, method):
        hardware["host_power"] = "0 W"
    return hardware


def _scenario(run: PublishedRun, method: Method, hardware: Scenario, work: Scenario) -> Scenario:
    return {
        "name": f"{run.id} ({method})",
        "kind": run.kind,
        "hardware": hardware,
        run.kind: work,
        "facility": site(run),
    }


def scenario_a(run: PublishedRun) -> Scenario | Skip:
    """(a): reported hardware, accelerator-hours and the source's power."""
    if not run.accelerator:
        return Skip("no single accelerator type given")
    if run.kind == "inference":
        return Skip(SERVING)
    if run.accelerator_hours is not None:
        work: Scenario = {"accelerator_hours": run.accelerator_hours}
    elif run.accelerator_count is not None and run.duration_days is not None:
        work = {"duration": f"{run.duration_days:g} days"}
    else:
        return Skip("no accelerator-hours, and no count × duration")
    return _scenario(run, "a", _hardware(run, "a", power=True), work)


def scenario_b(run: PublishedRun) -> Scenario | Skip:
    """(b): parameters, tokens, hardware and cluster size, default utilisation."""
    if not run.accelerator:
        return Skip("no single accelerator type given")
    if run.kind == "inference":
        return Skip(SERVING)
    if run.active is None or run.tokens is None:
        return Skip("no parameter count or no token count")
    work = {"parameters": run.active, "tokens": run.tokens}
    return _scenario(run, "b", _hardware(run, "b", power=False), work)


def hours_probe(run: PublishedRun) -> Scenario | Skip:
    """(b) with power fixed at 1 kW, no host and PUE 1: accelerator_energy kWh = hours.

    Isolates the utilisation (MFU) default: its accelerator-hours against the reported
    ones, independent of power, host and site.
    """
    scenario = scenario_b(run)
    if isinstance(scenario, Skip) or run.kind != "training":
        return scenario if isinstance(scenario, Skip) else Skip("inference row")
    scenario["hardware"] = {**scenario["hardware"], "power": "1000 W", "host_power": "0 W"}
    scenario["facility"] = {"pue": 1}
    return scenario

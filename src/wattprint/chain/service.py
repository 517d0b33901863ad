"""Per unit of service: energy per request and per output token at each boundary.

Runs when a producer gives ``work_requests`` (requests over the whole work) and/or
``work_output_tokens``; every figure names its boundary:

- ``energy_per_request_{accelerator,it,facility}`` (Wh) = that boundary's energy ÷ requests
  (accelerator; IT = accelerators + hosts; facility = IT × PUE);
- ``energy_per_1k_tokens_{…}`` (Wh per 1,000 output tokens) and
  ``energy_per_token_{…}`` (J per output token);
- ``carbon_per_request`` (g CO2e, operational, facility energy × grid intensity),
  ``water_onsite_per_request`` / ``water_offsite_per_request`` (mL);
- ``facility_energy_per_day`` (kWh a day) and ``facility_energy_per_minute`` (Wh a
  minute) of a service that runs ``service_duration_s``;
- ``service_load``: the request rate as a share of the provisioned capacity.
"""

from __future__ import annotations

from wattprint.chain.state import ChainState, Stage
from wattprint.quantity.units import G_PER_KG, J_PER_KWH, J_PER_WH, SECONDS_PER_DAY

WH_PER_KWH = J_PER_KWH / J_PER_WH
ML_PER_L = 1e3
BOUNDARIES = (
    ("accelerator", "accelerator_energy"),
    ("it", "it_energy"),
    ("facility", "facility_energy"),
)


def _per_request(s: ChainState) -> None:
    requests = s.x("work_requests")
    for boundary, energy in BOUNDARIES:
        s.put(f"energy_per_request_{boundary}", s.out(energy) * WH_PER_KWH / requests, "Wh")


def _per_token(s: ChainState) -> None:
    tokens = s.x("work_output_tokens")
    for boundary, energy in BOUNDARIES:
        kwh = s.out(energy)
        s.put(f"energy_per_1k_tokens_{boundary}", kwh * WH_PER_KWH * 1e3 / tokens, "Wh")
        s.put(f"energy_per_token_{boundary}", kwh * J_PER_KWH / tokens, "J")


def _carbon(s: ChainState) -> None:
    s.put(
        "carbon_per_request",
        s.out("carbon_operational") * G_PER_KG / s.x("work_requests"),
        "g CO2e",
    )


def _water_onsite(s: ChainState) -> None:
    s.put("water_onsite_per_request", s.out("water_onsite") * ML_PER_L / s.x("work_requests"), "mL")


def _water_offsite(s: ChainState) -> None:
    s.put(
        "water_offsite_per_request", s.out("water_offsite") * ML_PER_L / s.x("work_requests"), "mL"
    )


def _per_time(s: ChainState) -> None:
    seconds = s.x("service_duration_s")
    kwh = s.out("facility_energy")
    s.put("facility_energy_per_day", kwh * SECONDS_PER_DAY / seconds, "kWh")
    s.put("facility_energy_per_minute", kwh * WH_PER_KWH * 60.0 / seconds, "Wh")


def _load(s: ChainState) -> None:
    s.put("service_load", s.x("serving_load"), "×")


STAGES = (
    Stage("per_request", _per_request, ("work_requests",), ("facility_energy",)),
    Stage("per_token", _per_token, ("work_output_tokens",), ("facility_energy",)),
    Stage("carbon_per_request", _carbon, ("work_requests",), ("carbon_operational",)),
    Stage("water_onsite_per_request", _water_onsite, ("work_requests",), ("water_onsite",)),
    Stage("water_offsite_per_request", _water_offsite, ("work_requests",), ("water_offsite",)),
    Stage("per_time", _per_time, ("service_duration_s",), ("facility_energy",)),
    Stage("service_load", _load, ("serving_load",)),
)

"""Distance to the physical floor: Landauer's limit beside what the hardware really drew.

Chain stages (units in names):

- ``landauer_j_per_bit = k_B × T × ln 2``: the least heat released when one bit is erased
  at temperature ``T`` (Landauer 1961; 2.87e-21 J at 300 K)
- ``landauer_floor_kwh = work_flops × bits_erased_per_flop × landauer_j_per_bit / 3.6e6``
- ``energy_per_flop_j = accelerator_energy_kwh × 3.6e6 / work_flops``
- ``floor_ratio = accelerator_energy_kwh / landauer_floor_kwh`` (depends on the assumed
  bits erased per FLOP, a log-uniform 1..1,000 by default)
- ``flop_energy_in_kt_ln2 = energy_per_flop_j / (k_B × T × ln 2)``: the assumption-free
  headline, energy per FLOP in units of Landauer's limit for one bit, printed beside
  ``landauer_temperature`` (K), the T it was taken at. Example: 4e-12 J per FLOP /
  2.871e-21 J = 1.393e9

Where the FLOPs ran on the host (a measured run without accelerators), the producer
passes ``compute_energy_kwh`` (the energy of the devices that did the arithmetic) and both
ratios use it instead of the accelerator energy.
  (equal to ``energy_per_flop_j / (bits_erased_per_flop × landauer_j_per_bit)``)

Explainers, plain functions for a curious reader (``wattprint check`` formulas may call
them). Example values come from ``constants.csv`` (GreenArrays' 180 nm CMOS notes):

- :func:`switching_energy_j`: ``½·C·V²`` per transition; with C = 8 fF and V = 1.8 V:
  0.5 × 8e-15 × 1.8² = 1.296e-14 J (13 fJ), and ``C·V²`` = 2.592e-14 J per full 0→1→0
  cycle. Charging C through any resistance from a supply V dissipates ½CV² in that
  resistance, whatever its value; discharging dissipates the other ½CV².
- :func:`joule_heat_j`: ``I²·R·t``; with I = 450 µA, R = 4000 Ω, t = 100 ps:
  (4.5e-4)² × 4000 × 1e-10 = 8.1e-14 J, an upper bound for one transition (the current
  falls as the node charges, which is why the exact answer is ½CV²).
- :func:`power_density_w_per_m3`: ``P / V``; 100 W in 1 cm³ is 100 / 1e-6 = 1e8 W/m³,
  beside the Sun's core at about 276.5 W/m³ (``sun_core_power_density_w_per_m3``).
"""

from __future__ import annotations

import math

from wattprint.chain.state import ChainState, Stage, Value
from wattprint.quantity.units import J_PER_KWH

LN2 = math.log(2.0)


def landauer_j_per_bit(temperature_k: Value, boltzmann_j_per_k: Value) -> Value:
    """Landauer's limit ``k_B·T·ln 2``: joules released, at least, per bit erased.

    Example: ``landauer_j_per_bit(300, 1.380649e-23)`` = 1.380649e-23 × 300 × 0.693147
    = 2.871e-21 J.
    """
    return boltzmann_j_per_k * temperature_k * LN2


def switching_energy_j(capacitance_f: Value, voltage_v: Value) -> Value:
    """Energy dissipated in one CMOS transition, ``½·C·V²`` (twice that per full cycle).

    Example: ``switching_energy_j(8e-15, 1.8)`` = 0.5 × 8e-15 × 3.24 = 1.296e-14 J.
    """
    return 0.5 * capacitance_f * voltage_v**2


def joule_heat_j(current_a: Value, resistance_ohm: Value, duration_s: Value) -> Value:
    """Joule heat ``I²·R·t`` of a steady current through a resistance.

    Example: ``joule_heat_j(4.5e-4, 4000, 1e-10)`` = 2.025e-7 × 4000 × 1e-10 = 8.1e-14 J.
    """
    return current_a**2 * resistance_ohm * duration_s


def power_density_w_per_m3(power_w: Value, volume_m3: Value) -> Value:
    """Power per volume, ``P / V``.

    Example: ``power_density_w_per_m3(100, 1e-6)`` (100 W in one cm³) = 1e8 W/m³.
    """
    return power_w / volume_m3


def _floor(s: ChainState) -> None:
    per_bit = landauer_j_per_bit(s.x("landauer_temperature_k"), s.x("boltzmann_j_per_k"))
    joules = s.x("work_flops") * s.x("bits_erased_per_flop") * per_bit
    s.put("landauer_floor", joules / J_PER_KWH, "kWh")


def _compute_energy_kwh(s: ChainState) -> Value:
    if s.has("compute_energy_kwh"):
        return s.x("compute_energy_kwh")
    return s.out("accelerator_energy")


def _energy_per_flop(s: ChainState) -> None:
    joules = _compute_energy_kwh(s) * J_PER_KWH
    s.put("energy_per_flop", joules / s.x("work_flops"), "J/FLOP")


def _in_kt_ln2(s: ChainState) -> None:
    temperature_k = s.x("landauer_temperature_k")
    per_bit = landauer_j_per_bit(temperature_k, s.x("boltzmann_j_per_k"))
    s.put("flop_energy_in_kt_ln2", s.out("energy_per_flop") / per_bit, "×")
    s.put("landauer_temperature", temperature_k, "K")


def _floor_ratio(s: ChainState) -> None:
    s.put("floor_ratio", _compute_energy_kwh(s) / s.out("landauer_floor"), "×")


STAGES = (
    Stage(
        "landauer_floor",
        _floor,
        ("work_flops", "bits_erased_per_flop", "landauer_temperature_k", "boltzmann_j_per_k"),
    ),
    Stage("energy_per_flop", _energy_per_flop, ("work_flops",), ("accelerator_energy",)),
    Stage("floor_ratio", _floor_ratio, (), ("accelerator_energy", "landauer_floor")),
    Stage(
        "flop_energy_in_kt_ln2",
        _in_kt_ln2,
        ("landauer_temperature_k", "boltzmann_j_per_k"),
        ("energy_per_flop",),
    ),
)

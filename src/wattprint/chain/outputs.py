"""The one table of chain outputs: name, unit, order, labels, boundary and role on the faces.

A stage may write only the names listed here (:meth:`ChainState.put` raises on any other,
or on a unit that differs from the row's); every face (CLI tables, ``runs list``, the
dashboard, the HTML and Markdown reports, the compare page, the docs test) shows what this
table lists, in its order, with its labels. **Adding an output is one row here and one
stage**; no face is edited to show it in a table. A chart opts in through ``charts`` (and
the Sankey through ``sankey``).

Columns:

- ``name``: the JSON name (``docs/schema.md``); the unit is a column, not a suffix, since
  the names are fixed by the schema. A family of outputs named by a catalog id ends in
  ``*`` (``grid_share_*``: one output per reference load).
- ``unit``: the unit the stage writes (SI or the customary one: kWh, kg CO2e, L, m3, MW).
- ``boundary``: what the figure covers: ``accelerator`` (the accelerators alone), ``it``
  (the servers: accelerators + hosts), ``facility`` (the site: IT × PUE, what the grid
  supplies, and what follows from it), ``physics`` (a physical floor or thought
  experiment), ``equivalent`` (the same amount in everyday terms).
- ``en`` / ``zh``: the label on every face; a label says its boundary ("IT energy,
  measured or modelled", "Facility energy (× PUE)") so two boundaries never share a name.
- ``headline``: the card an output may head (``energy``, ``carbon``, ``water``, ``heat``),
  a note under a card (``water_note``, ``heat_note``) or ``equivalent`` (a plain-words
  line). Where several rows share a role, the footprint's row with the lowest ``rank``
  wins: the one headline energy of a run is ``facility_energy`` when it exists, else
  ``it_energy``, else ``accelerator_energy``.
- ``charts``: charts that plot the output (``compare``: the compare page's panels;
  ``drivers``: the drivers chart; ``statement``: the Markdown statement's rows;
  ``demo``: ``wattprint demo``'s estimate-beside-measurement table).
- ``sankey``: the Sankey node (a word key, ``node_it``) whose flow this output is.

What leads the short answer depends on what the work is (:data:`LEADS`): a scenario that
compares its peak with reference loads is about the grid (peak MW and each share lead);
one that reuses heat is about the heat (heat delivered, homes heated, carbon avoided);
a service sized by its requests is about one answer (energy per request and per 1,000
output tokens, carbon per request, at the facility boundary);
anything else leads with its energy, carbon and water. A lead slot is a role (its
preferred output by ``rank``) or an output name (a family: every member). The Landauer
floor and energy per FLOP (``physics``) never lead: they have a panel of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Boundary = Literal["accelerator", "it", "facility", "physics", "equivalent"]
Role = Literal["", "energy", "carbon", "water", "water_note", "heat", "heat_note", "equivalent"]
FAMILY = "*"
_ROLES = ("energy", "carbon", "water", "heat")


@dataclass(frozen=True)
class OutputDef:
    """One row of the outputs table."""

    name: str
    unit: str
    boundary: Boundary
    en: str
    zh: str
    headline: Role = ""
    charts: tuple[str, ...] = ()
    sankey: str = ""
    rank: int = 0

    @property
    def family(self) -> bool:
        """True for a row naming a family (``grid_share_*``)."""
        return self.name.endswith(FAMILY)

    def matches(self, name: str) -> bool:
        """Whether ``name`` is this row's output (or one of its family)."""
        if self.family:
            prefix = self.name[: -len(FAMILY)]
            return name.startswith(prefix) and len(name) > len(prefix)
        return name == self.name

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``zh`` or English)."""
        return self.zh if lang == "zh" else self.en


_row = OutputDef
MAIN_CHARTS = ("compare", "drivers", "statement")  # the headline figures: every chart

# In display order: reading order of a table, top to bottom.
OUTPUTS: tuple[OutputDef, ...] = (
    # per unit of service (inference): first, since they are what a service is asked about
    _row("energy_per_request_accelerator", "Wh", "accelerator",
      "Energy per request — accelerator", "每次请求能耗——加速器"),
    _row("energy_per_request_it", "Wh", "it", "Energy per request — IT (incl. hosts)",
      "每次请求能耗——IT(含主机)"),
    _row("energy_per_request_facility", "Wh", "facility",
      "Energy per request — facility (× PUE)", "每次请求能耗——数据中心(× PUE)",
      charts=("statement",)),
    _row("energy_per_1k_tokens_accelerator", "Wh", "accelerator",
      "Energy per 1,000 output tokens — accelerator", "每千个输出 token 能耗——加速器"),
    _row("energy_per_1k_tokens_it", "Wh", "it",
      "Energy per 1,000 output tokens — IT (incl. hosts)", "每千个输出 token 能耗——IT(含主机)"),
    _row("energy_per_1k_tokens_facility", "Wh", "facility",
      "Energy per 1,000 output tokens — facility (× PUE)",
      "每千个输出 token 能耗——数据中心(× PUE)", charts=("statement",)),
    _row("energy_per_token_accelerator", "J", "accelerator",
      "Energy per output token — accelerator", "每个输出 token 能耗——加速器"),
    _row("energy_per_token_it", "J", "it", "Energy per output token — IT (incl. hosts)",
      "每个输出 token 能耗——IT(含主机)"),
    _row("energy_per_token_facility", "J", "facility",
      "Energy per output token — facility (× PUE)", "每个输出 token 能耗——数据中心(× PUE)"),
    _row("carbon_per_request", "g CO2e", "facility", "Carbon per request, operational — facility",
      "每次请求碳排放(运行)——数据中心", charts=("statement",)),
    _row("water_onsite_per_request", "mL", "it",
      "Water per request, on-site (cooling) — IT × WUE", "每次请求现场用水(冷却)——IT × WUE",
      charts=("statement",)),
    _row("water_offsite_per_request", "mL", "facility",
      "Water per request, off-site (power plants) — facility", "每次请求场外用水(发电)——数据中心"),
    _row("facility_energy_per_day", "kWh", "facility", "Facility energy per day of service",
      "每天服务的数据中心耗电"),
    _row("facility_energy_per_minute", "Wh", "facility", "Facility energy per minute of service",
      "每分钟服务的数据中心耗电"),
    _row("service_load", "×", "it", "Load: request rate ÷ provisioned capacity",
      "负载:请求速率 ÷ 已部署容量"),
    _row("accelerator_energy", "kWh", "accelerator", "Accelerator energy", "加速器耗电",
      "energy", ("statement",), "node_accelerators", rank=2),
    _row("host_energy", "kWh", "it", "Host energy (CPU, memory, network)",
      "主机耗电(CPU、内存、网络)", sankey="node_hosts"),
    _row("it_energy", "kWh", "it", "IT energy (accelerators + hosts)", "IT 设备耗电(加速器 + 主机)",
      "energy", ("compare", "statement", "demo"), "node_it", rank=1),
    _row("facility_overhead", "kWh", "facility", "Facility overhead (cooling, power delivery)",
      "机房开销(冷却、供配电)", sankey="node_overhead"),
    _row("facility_energy", "kWh", "facility", "Facility energy (× PUE)", "数据中心总耗电(× PUE)",
      "energy", (*MAIN_CHARTS, "demo"), "node_grid"),
    _row("carbon_operational", "kg CO2e", "facility", "Carbon, operational", "运行碳排放",
      "carbon", ("statement", "demo"), rank=1),
    _row("carbon_embodied", "kg CO2e", "accelerator", "Carbon, embodied (amortised)",
      "隐含碳排放(摊销)", charts=("statement",)),
    _row("carbon_total", "kg CO2e", "facility", "Carbon, total", "碳排放合计", "carbon",
      MAIN_CHARTS),
    _row("water_onsite", "L", "facility", "Water, on-site (cooling)", "现场用水(冷却)", "water",
      MAIN_CHARTS),
    _row("water_offsite", "L", "facility", "Water, off-site (power plants)", "场外用水(发电)",
      "water_note", ("drivers", "statement", "demo")),
    _row("heat", "kWh", "facility", "Heat released", "释放热量", "heat", ("demo",), "node_heat"),
    _row("water_boiled_from_0c", "m3", "equivalent", "Ice water brought to the boil (0→100 °C)",
      "可烧开的冰水(0→100 °C)"),
    _row("water_boiled_from_20c", "m3", "equivalent", "Water brought to the boil (20→100 °C)",
      "可烧开的水(20→100 °C)"),
    _row("olympic_pools_boiled", "pools", "equivalent", "Olympic pools of ice water boiled",
      "可烧开的奥运标准泳池(冰水)", "equivalent"),
    _row("households_electricity_cn", "household-years", "equivalent",
      "Chinese households' yearly electricity", "中国家庭年用电量", "equivalent"),
    _row("households_electricity_us", "household-years", "equivalent",
      "US households' yearly electricity", "美国家庭年用电量", "equivalent"),
    _row("water_evaporated", "m3", "equivalent",
      "Water boiled off entirely (from 0 °C or the start temperature)",
      "可完全烧干的水(自 0 °C 或设定的起始水温)"),
    _row("boiling_water", "m3", "equivalent",
      "Water brought to the boil (from the start temperature)", "可烧开的水(自设定的起始水温)"),
    _row("water_evaporated_cooling", "L", "physics",
      "Water evaporated if cooled by wet towers (physics)", "若用湿式冷却塔:蒸发水量(物理估算)"),
    _row("homes_heatable", "home-years", "equivalent",
      "Homes whose yearly heating equals all the heat", "全部热量相当于多少户的年供暖"),
    _row("peak_power", "MW", "facility", "Peak power from the grid (design day, × PUE)",
      "电网峰值负荷(设计日,× PUE)"),
    _row("average_power", "MW", "facility", "Average power from the grid (× PUE)",
      "电网平均负荷(× PUE)"),
    _row("peak_power_per_site", "MW", "facility", "Peak power per site", "单站峰值负荷"),
    _row("average_power_per_site", "MW", "facility", "Average power per site", "单站平均负荷"),
    _row("grid_share_*", "%", "equivalent", "Each site's peak ÷ {name}", "单站峰值负荷 ÷ {name}"),
    _row("cost", "USD", "facility", "Electricity cost", "电费"),
    _row("landauer_floor", "kWh", "physics", "Landauer floor (k·T·ln2 per bit erased)",
      "兰道尔极限(每擦除一位 k·T·ln2)"),
    _row("energy_per_flop", "J/FLOP", "physics", "Energy per FLOP (computing devices)",
      "每次浮点运算耗能(计算设备)"),
    _row("flop_energy_in_kt_ln2", "×", "physics",
      "Energy per FLOP ÷ k·T·ln2 (no assumption on bits erased)",
      "每次浮点运算耗能 ÷ k·T·ln2(不假设擦除比特数)"),
    _row("landauer_temperature", "K", "physics", "Temperature T of k·T·ln2", "k·T·ln2 所取温度 T"),
    _row("floor_ratio", "×", "physics", "Computing energy ÷ Landauer floor",
      "计算耗电 ÷ 兰道尔极限"),
    _row("heat_recoverable", "kWh", "facility", "Waste heat recovered", "回收的余热", "heat_note",
      sankey="node_recovered"),
    _row("heat_rejected", "kWh", "facility", "Heat rejected (not recovered)",
      "排放的热量(未回收)", sankey="node_rejected"),
    _row("heat_pump_cop_carnot", "×", "physics", "Heat-pump COP, Carnot limit",
      "热泵 COP 卡诺极限"),
    _row("heat_pump_cop", "×", "facility", "Heat-pump COP", "热泵 COP"),
    _row("heat_pump_energy", "kWh", "facility", "Heat-pump electricity", "热泵耗电"),
    _row("heat_delivered", "kWh", "facility", "Heat delivered (after the heat pump)",
      "供出热量(经热泵)"),
    _row("heat_used", "kWh", "facility", "Heat used (with a taker: heating season, hot water)",
      "被利用的热量(有用热需求:供暖季、热水)"),
    _row("homes_heated", "home-years", "equivalent", "Homes heated for a heating season",
      "可供暖住户(户·供暖季)"),
    _row("area_heated", "m2-years", "equivalent", "Floor area heated for a heating season",
      "可供暖面积(平方米·供暖季)"),
    _row("carbon_avoided", "kg CO2e", "facility",
      "Carbon avoided (vs the boiler, minus heat-pump power)",
      "减少碳排放(对比锅炉,扣除热泵用电)"),
)  # fmt: skip

# What the work is: the first kind whose marker output the footprint has (else default).
WORK_MARKERS: tuple[tuple[str, str], ...] = (
    ("heat_reuse", "heat_delivered"),
    ("grid", "grid_share_*"),
    ("inference", "energy_per_request_facility"),
)
# kind -> the slots of its short answer, in order: a headline role or an output name.
LEADS: dict[str, tuple[str, ...]] = {
    "default": ("energy", "carbon", "water"),
    "grid": ("peak_power", "grid_share_*", "energy", "carbon"),
    "heat_reuse": ("heat_delivered", "homes_heated", "carbon_avoided", "energy"),
    "inference": (
        "energy_per_request_facility",
        "energy_per_1k_tokens_facility",
        "carbon_per_request",
        "energy",
    ),
    "measured": ("energy", "carbon"),
}

_BY_NAME = {row.name: row for row in OUTPUTS if not row.family}
_FAMILIES = tuple(row for row in OUTPUTS if row.family)


class UnknownOutputError(KeyError):
    """A stage wrote a name the outputs table does not list (a misspelt key is an error)."""


def find(name: str) -> OutputDef | None:
    """The row of output ``name`` (a family's row for ``grid_share_pjm_peak``), or None."""
    row = _BY_NAME.get(name)
    if row is not None:
        return row
    return next((f for f in _FAMILIES if f.matches(name)), None)


def definition(name: str) -> OutputDef:
    """The row of output ``name``.

    Raises:
        UnknownOutputError: ``name`` is in no row (add a row to :data:`OUTPUTS`).
    """
    row = find(name)
    if row is None:
        raise UnknownOutputError(
            f"chain output {name!r} is not in the outputs table; add a row to "
            "wattprint.chain.outputs.OUTPUTS (name, unit, boundary, labels) or fix the name"
        )
    return row


def check_output(name: str, unit: str) -> None:
    """Raise unless ``name`` is a listed output written in the row's unit."""
    row = definition(name)
    if row.unit != unit:
        raise UnknownOutputError(
            f"chain output {name!r} written in {unit!r}; the outputs table says {row.unit!r}"
        )


def position(name: str) -> int:
    """Display position of ``name`` (unlisted names: after every listed one)."""
    row = find(name)
    return len(OUTPUTS) if row is None else OUTPUTS.index(row)


def ordered(names: Iterable[str]) -> list[str]:
    """Output names in display order; a family's members in their given order."""
    listed = list(dict.fromkeys(names))
    return sorted(listed, key=lambda n: (position(n), listed.index(n)))


def with_role(role: Role) -> tuple[str, ...]:
    """Names of the rows with headline role ``role``, preferred first (by ``rank``)."""
    rows = sorted((r for r in OUTPUTS if r.headline == role), key=lambda r: r.rank)
    return tuple(row.name for row in rows)


def in_chart(chart: str) -> tuple[str, ...]:
    """Names of the rows a chart (``compare``, ``drivers``, ``statement``) opts into."""
    return tuple(row.name for row in OUTPUTS if chart in row.charts)


def sankey_nodes() -> dict[str, str]:
    """Sankey node key -> the output whose median labels it."""
    return {row.sankey: row.name for row in OUTPUTS if row.sankey}


def label(name: str, lang: str = "en") -> str:
    """The label of output ``name``; a family's label names its catalog row."""
    row = find(name)
    if row is None:
        return name.replace("_", " ")
    if not row.family:
        return row.label(lang)
    slug = name[len(row.name) - len(FAMILY) :]
    return row.label(lang).format(name=_reference_name(slug, lang))


def reference_slug(ref_id: str) -> str:
    """A reference load id as used in input and output names: ``pjm-peak`` -> ``pjm_peak``."""
    return re.sub(r"[^a-z0-9]+", "_", ref_id.lower()).strip("_")


def _reference_name(slug: str, lang: str) -> str:
    from wattprint.catalog import reference_loads

    for ref in reference_loads():
        if reference_slug(ref.id) == slug:
            return ref.name_zh or ref.name if lang == "zh" else ref.name
    return slug.replace("_", " ")


def work_kind(names: Iterable[str], producer: str = "estimate") -> str:
    """What the work is, from the outputs it has: ``grid``, ``heat_reuse``, ``inference``,
    ``measured`` (a measured run) or ``default``."""
    present = set(names)
    for kind, marker in WORK_MARKERS:
        family = definition(marker) if marker.endswith(FAMILY) else None
        if marker in present or (family is not None and any(map(family.matches, present))):
            return kind
    return "measured" if producer == "measured" else "default"


def lead_names(names: Iterable[str], producer: str = "estimate") -> list[str]:
    """The outputs that lead the short answer of a footprint with outputs ``names``."""
    present = list(dict.fromkeys(names))
    found: list[str] = []
    for slot in LEADS[work_kind(present, producer)]:
        if slot in _ROLES:
            rows = sorted((r for r in OUTPUTS if r.headline == slot), key=lambda r: r.rank)
            pick = next((r.name for r in rows if r.name in present), None)
            found += [pick] if pick else []
        elif slot.endswith(FAMILY):
            found += [n for n in present if definition(slot).matches(n)]
        elif slot in present:
            found.append(slot)
    return list(dict.fromkeys(found))

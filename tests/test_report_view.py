"""What a report shows of a footprint: cards, charts and Markdown hold the footprint's numbers."""

from __future__ import annotations

import json

import pytest

from wattprint.chain.result import Footprint, OutputSummary
from wattprint.quantity.provenance import SourceRef
from wattprint.quantity.summary import Driver
from wattprint.report.compare import compare_figure, compare_rows
from wattprint.report.figures import bands, drivers_chart, sankey
from wattprint.report.inputs import ReportInput
from wattprint.report.markdown import render_markdown
from wattprint.report.page import footprint_page
from wattprint.report.timeline import MAX_STEP_MARKERS, power_figure
from wattprint.report.view import cards, equivalents, output_rows, shown
from wattprint.store import PhaseRow, SampleRow, StepRow


def out(
    p50: float, unit: str, spread: float = 0.1, drivers: tuple[Driver, ...] = ()
) -> OutputSummary:
    return OutputSummary(p50 * (1 - spread), p50, p50 * (1 + spread), unit, "modelled", drivers)


def footprint(name: str = "test run", **extra: OutputSummary) -> Footprint:
    """A hand-made footprint with round numbers: 60 + 40 = 100 kWh IT, 120 kWh facility."""
    outputs = {
        "accelerator_energy": out(60, "kWh", 0.05, (Driver("training.duration", 1.0),)),
        "host_energy": out(40, "kWh", 0.5, (Driver("hardware.host_power (default)", 0.99),)),
        "it_energy": out(100, "kWh"),
        "facility_overhead": out(20, "kWh"),
        "facility_energy": out(120, "kWh", 0.2, (Driver("facility.pue", 0.6),
                                                  Driver("hardware.host_power (default)", 0.7))),
        "carbon_total": out(500, "kg CO2e"),
        "water_onsite": out(100, "L"),
        "water_offsite": out(2000, "L"),
        "heat": out(120, "kWh"),
        "households_electricity_us": out(0.112, "household-years"),
        "households_electricity_cn": out(0.478, "household-years"),
        "olympic_pools_boiled": out(0.004, "pools"),
        **extra,
    }  # fmt: skip
    sources = (SourceRef("defaults:pue", "facility.pue", "1.1 to 1.3", "Some survey", "2023"),)
    assumptions = ("hardware.host_power not given: default 237 W",)
    return Footprint(name, "estimate", outputs, {"name": name}, sources, assumptions,
                     ("a warning",), 1000, 7)  # fmt: skip


def test_shown_uses_the_display_unit_of_the_median() -> None:
    narrow = out(44_067_200, "kWh", spread=0.02)  # ±2 %: three figures
    assert (shown(narrow, "en").p50, shown(narrow, "en").unit) == ("44.1", "GWh")
    zh = shown(narrow, "zh")
    assert (zh.p50, zh.unit, zh.median) == ("4410万", "度", "4410万度")
    wide = shown(out(44_067_200, "kWh", spread=0.3), "en")  # ±30 %: two figures
    assert (wide.p5, wide.p50, wide.p95, wide.unit) == ("31", "44", "57", "GWh")
    small = shown(out(3.2e-7, "kWh"), "en")  # never 3.2e-07 kWh
    assert (small.p50, small.unit) == ("1.2", "J")


def test_cards_hold_the_footprint_medians() -> None:
    found = {c.key: c for c in cards(footprint(), "en")}
    assert list(found) == [
        "card_energy",
        "card_carbon",
        "card_water",
        "card_heat",
        "card_equivalent",
    ]
    assert (found["card_energy"].value, found["card_energy"].unit) == ("120", "kWh")
    assert found["card_energy"].title == "Facility energy (× PUE)"  # the boundary, named
    assert found["card_energy"].range == "p5–p95: 96 – 140 kWh"  # ±20 %: two figures
    assert found["card_water"].notes == ("plus 2 m3 off-site (power plants)",)
    # 120 kWh ÷ (10,715 kWh / 365 days) = 4.09 days of a US household (no grid: by language)
    assert found["card_equivalent"].value == "≈ a US household's electricity for 4.1 days"
    zh = {c.key: c for c in cards(footprint(), "zh")}
    assert zh["card_energy"].unit == "度"
    assert zh["card_energy"].title == "数据中心总耗电(× PUE)"
    it_only = Footprint("m", "measurement", {"it_energy": out(5, "kWh")})
    assert cards(it_only, "en")[0].title == "IT energy (accelerators + hosts)"
    # 120 kWh ÷ (2,510 kWh / 365 days) = 17.45 days of a Chinese household
    assert zh["card_equivalent"].value == "≈ 一个中国家庭 17 天的用电"


def test_heat_card_names_the_recoverable_heat() -> None:
    fp = footprint(heat_recoverable=out(30, "kWh"))
    heat = next(c for c in cards(fp, "en") if c.key == "card_heat")
    assert heat.notes == ("30 kWh of it recoverable",)


def test_equivalents_pick_what_a_person_can_picture() -> None:
    def said(kwh: float, grid: str = "") -> tuple[str, ...]:
        scenario = {"facility": {"grid": grid}} if grid else {}
        fp = Footprint("x", "estimate", {"facility_energy": out(kwh, "kWh")}, scenario)
        return equivalents(fp, "en")

    # 0.05 kWh ÷ 0.093 kWh per litre boiled = 0.54 L; 1e-6 kWh would be 0.00001 L: unsaid
    assert said(0.05) == ("≈ the heat to bring 0.54 litres of water to the boil in a kettle",)
    assert said(1e-6) == ()
    # 44 GWh ÷ 10,715 kWh a year = 4,106 US households; on a Chinese grid ÷ 2,510 = 17,530
    assert said(44e6) == ("≈ 4,100 US households' electricity for a year",)
    assert said(44e6, "CN-GD") == ("≈ 18,000 Chinese households' electricity for a year",)
    assert said(44e6, "DE") == ("≈ 12,000 EU households' electricity for a year",)


def test_output_rows_follow_the_text_order_with_two_drivers() -> None:
    rows = output_rows(footprint(), "en")
    assert rows[0].name == "accelerator_energy"
    facility = next(r for r in rows if r.name == "facility_energy")
    assert facility.drivers == "PUE +0.60, host power* +0.70"  # the inputs in words
    assert (facility.shown.p5, facility.shown.p50, facility.shown.p95) == ("96", "120", "140")


def test_sankey_flows_are_the_footprint_medians() -> None:
    spec = sankey(footprint(), "en")
    assert spec is not None
    trace = spec["data"][0]
    labels = [text.split("<br>")[0] for text in trace["node"]["label"]]
    flows = {
        (labels[s], labels[t]): v
        for s, t, v in zip(trace["link"]["source"], trace["link"]["target"],
                           trace["link"]["value"], strict=True)
    }  # fmt: skip
    assert flows == {
        ("Grid", "Facility overhead (cooling, power delivery)"): pytest.approx(20),
        ("Grid", "IT equipment"): 100,
        ("IT equipment", "Accelerators"): 60,
        ("IT equipment", "Hosts (CPU, memory, network)"): 40,
        ("Facility overhead (cooling, power delivery)", "Heat"): pytest.approx(20),
        ("Accelerators", "Heat"): 60,
        ("Hosts (CPU, memory, network)", "Heat"): 40,
    }
    assert trace["valuesuffix"] == " kWh"
    assert trace["node"]["label"][0] == "Grid<br>120 kWh"


def test_sankey_splits_heat_into_recovered_and_rejected() -> None:
    fp = footprint(heat_recoverable=out(30, "kWh"), heat_rejected=out(88, "kWh"))
    spec = sankey(fp, "zh")
    assert spec is not None
    trace = spec["data"][0]
    labels = [text.split("<br>")[0] for text in trace["node"]["label"]]
    links = zip(
        trace["link"]["source"], trace["link"]["target"], trace["link"]["value"], strict=True
    )
    flows = {(labels[s], labels[t]): v for s, t, v in links}
    assert flows[("热量", "回收的热量")] == 30
    # the chain's per-sample output, not 120 − 30: a face does no arithmetic
    assert flows[("热量", "排放的热量")] == 88


def test_sankey_needs_the_facility_energy() -> None:
    assert sankey(Footprint("x", "estimate", {"carbon_total": out(1, "kg CO2e")})) is None
    assert sankey(Footprint("m", "measurement", {"it_energy": out(5, "kWh")})) is None


def test_bands_plot_every_positive_output_at_its_median() -> None:
    spec = bands(footprint(), "en")
    assert spec is not None
    energy = spec["data"][0]
    assert energy["y"][:3] == [
        "Accelerator energy",
        "Host energy (CPU, memory, network)",
        "IT energy (accelerators + hosts)",
    ]
    assert energy["x"][0] == 60
    assert energy["error_x"]["array"][0] == pytest.approx(3)
    assert energy["error_x"]["arrayminus"][0] == pytest.approx(3)
    assert spec["layout"]["xaxis"]["type"] == "linear"  # 20 .. 144 kWh: within ×20
    assert sum(len(t["y"]) for t in spec["data"]) == len(footprint().outputs)


def test_the_physics_floor_gets_its_own_axis_and_ticks_are_plain_numbers() -> None:
    spec = bands(footprint(landauer_floor=out(1e-9, "kWh")), "en")
    assert spec is not None
    axes = {k: v for k, v in spec["layout"].items() if k.startswith("xaxis")}
    titles = [a["title"]["text"] for a in axes.values()]
    assert titles[0] == "kWh" and "mJ" in titles  # 1e-9 kWh × 3.6e6 J/kWh = 3.6 mJ
    assert spec["layout"]["xaxis"]["type"] == "linear"  # energy no longer spans 8 decades
    assert all(a["tickformat"] == ",~r" for a in axes.values())  # never "2m Wh"
    spread = bands(footprint(water_onsite=out(1e-3, "L")), "en")
    assert spread is not None
    water = next(
        a for a in spread["layout"].values() if isinstance(a, dict) and a.get("type") == "log"
    )
    assert water["tickformat"] == ",~r"


def test_drivers_chart_holds_the_rank_correlations() -> None:
    spec = drivers_chart(footprint(), "en")
    assert spec is not None
    facility = next(t for t in spec["data"] if t["name"] == "Facility energy (× PUE)")
    assert dict(zip(facility["y"], facility["x"], strict=True)) == {"PUE": 0.6, "host power*": 0.7}
    fixed = Footprint("f", "estimate", {"it_energy": out(1, "kWh")})
    assert drivers_chart(fixed) is None


def test_power_figure_plots_samples_steps_phases_and_projection() -> None:
    samples = [
        SampleRow(100.0 + k, d, 50.0 + k, None, "counter")
        for k in range(10)
        for d in ("gpu0", "gpu1")
    ]
    samples.append(
        SampleRow(105.5, "gpu0", None, 12.0, "counter")
    )  # energy only: not a power point
    steps = [StepRow(100.0 + k * 0.01, k, None, None, None) for k in range(1000)]
    phases = [PhaseRow("train", 100.0, 106.0, None), PhaseRow("eval", 106.0, None, None)]
    spec = power_figure(samples, steps, phases, 100.0, "en", {"end_t": 130.0})
    gpu0 = next(t for t in spec["data"] if t["name"] == "gpu0")
    assert gpu0["x"] == [float(k) for k in range(10)]
    assert gpu0["y"] == [50.0 + k for k in range(10)]
    step_trace = next(t for t in spec["data"] if t["name"] == "steps")
    assert len(step_trace["x"]) <= MAX_STEP_MARKERS
    rects = [s for s in spec["layout"]["shapes"] if s["type"] == "rect"]
    assert [(r["x0"], r["x1"]) for r in rects] == [
        (0.0, 6.0),
        (6.0, 9.0),
    ]  # open phase: to last sample
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["train", "eval"]
    line = next(s for s in spec["layout"]["shapes"] if s["type"] == "line")
    assert line["x0"] == 30.0


def test_markdown_states_medians_ranges_assumptions_and_sources() -> None:
    text = render_markdown(ReportInput("estimate", "t", footprint=footprint()), "en")
    assert "| Facility energy (× PUE) | 120 kWh | 96–140 kWh |" in text
    assert "- hardware.host_power not given: default 237 W" in text
    assert "1. `facility.pue`: 1.1 to 1.3. Some survey (2023)" in text
    assert "1,000 Monte Carlo draws, seed 7" in text
    zh = render_markdown(ReportInput("estimate", "t", footprint=footprint()), "zh")
    assert "| 数据中心总耗电(× PUE) | 120度 | 96–140度 |" in zh


def test_markdown_escapes_user_text() -> None:
    fp = footprint(name="<script>alert(1)</script> | x")
    text = render_markdown(ReportInput("estimate", fp.name, footprint=fp), "en")
    assert "<script>" not in text
    assert "**&lt;script&gt;alert(1)&lt;/script&gt; \\| x**" in text


def test_compare_rows_put_each_row_in_one_unit() -> None:
    small = footprint()
    big = Footprint("big", "estimate", {"facility_energy": out(200_000, "kWh")})
    rows = {r.name: r for r in compare_rows([small, big, None], "en")}
    assert rows["facility_energy"].unit == "MWh"
    assert rows["facility_energy"].cells == ("0.12 (0.096–0.144)", "200 (180–220)", "—")
    assert rows["carbon_total"].cells[1] == "—"
    spec = compare_figure(["a", "b"], [small, big], "en")
    assert spec is not None
    assert {t["name"] for t in spec["data"]} == {"a", "b"}


def test_footprint_page_gathers_json_serialisable_charts() -> None:
    page = footprint_page(footprint(), "zh")
    for spec in (page.sankey, page.bands, page.drivers):
        assert spec is not None
        json.dumps(spec, allow_nan=False)
    assert page.kind_text == "估算"


def test_cards_lead_with_what_the_work_is_about() -> None:
    from wattprint.estimate import estimate
    from wattprint.examples import example_path

    cluster = estimate(example_path("h100-100k-cluster"), samples=300)
    titles = [c.title for c in cards(cluster, "en")]
    assert titles[0] == "Peak power from the grid (design day, × PUE)"
    assert titles[1].startswith("Each site's peak ÷ ")
    heat = estimate(example_path("harbin-heat-reuse"), samples=300)
    keys = [c.key for c in cards(heat, "en")]
    assert keys[:3] == ["card_heat_delivered", "card_homes_heated", "card_carbon_avoided"]
    page = footprint_page(heat, "zh")
    assert page.about.startswith("寒冷地区的 AI 数据中心")  # description_zh
    assert "热泵能效比(COP)" in page.assumed

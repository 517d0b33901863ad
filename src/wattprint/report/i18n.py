"""Labels and human units in English and Chinese (度 / 万度 / 亿度, 吨, 立方米).

Faces compute nothing of their own: these functions only pick a unit and a label for a
number the result already holds.
"""

from __future__ import annotations

LANGS = ("en", "zh")

LABELS: dict[str, tuple[str, str]] = {
    "accelerator_energy": ("Accelerator energy", "加速器耗电"),
    "host_energy": ("Host energy (CPU, memory, network)", "主机耗电(CPU、内存、网络)"),
    "it_energy": ("IT energy", "IT 设备耗电"),
    "facility_energy": ("Facility energy (× PUE)", "数据中心总耗电(× PUE)"),
    "carbon_operational": ("Carbon, operational", "运行碳排放"),
    "carbon_embodied": ("Carbon, embodied (amortised)", "隐含碳排放(摊销)"),
    "carbon_total": ("Carbon, total", "碳排放合计"),
    "water_onsite": ("Water, on-site (cooling)", "现场用水(冷却)"),
    "water_offsite": ("Water, off-site (power plants)", "场外用水(发电)"),
    "heat": ("Heat released", "释放热量"),
    "water_boiled_from_0c": ("Ice water brought to the boil (0→100 °C)", "可烧开的冰水(0→100 °C)"),
    "water_boiled_from_20c": ("Water brought to the boil (20→100 °C)", "可烧开的水(20→100 °C)"),
    "olympic_pools_boiled": ("Olympic pools of ice water boiled", "可烧开的奥运标准泳池(冰水)"),
    "households_electricity_cn": ("Chinese households' yearly electricity", "中国家庭年用电量"),
    "households_electricity_us": ("US households' yearly electricity", "美国家庭年用电量"),
    "peak_power": ("Peak power from the grid", "电网峰值负荷"),
    "average_power": ("Average power from the grid", "电网平均负荷"),
    "cost": ("Electricity cost", "电费"),
    "landauer_floor": ("Landauer floor (k·T·ln2 per bit erased)", "兰道尔极限(每擦除一位 k·T·ln2)"),
    "energy_per_flop": ("Energy per FLOP (computing devices)", "每次浮点运算耗能(计算设备)"),
    "floor_ratio": ("Computing energy ÷ Landauer floor", "计算耗电 ÷ 兰道尔极限"),
    "boiling_water": (
        "Water brought to the boil (from the start temperature)",
        "可烧开的水(自起始温度)",
    ),
    "water_evaporated": (
        "Water boiled off entirely (from 0 °C or the start temperature)",
        "可完全烧干的水(自 0 °C 或设定温度)",
    ),
    "water_evaporated_cooling": (
        "Water evaporated if cooled by wet towers (physics)",
        "若用湿式冷却塔:蒸发水量(物理估算)",
    ),
    "peak_power_per_site": ("Peak power per site", "单站峰值负荷"),
    "average_power_per_site": ("Average power per site", "单站平均负荷"),
    "homes_heatable": (
        "Homes whose yearly heating equals all the heat",
        "全部热量相当于多少户的年供暖",
    ),
    "heat_recoverable": ("Waste heat recovered", "回收的余热"),
    "heat_delivered": ("Heat delivered (after the heat pump)", "供出热量(经热泵)"),
    "heat_pump_energy": ("Heat-pump electricity", "热泵耗电"),
    "homes_heated": ("Homes heated for a year", "可供暖住户(户·年)"),
    "area_heated": ("Floor area heated for a year", "可供暖面积(平方米·年)"),
    "carbon_avoided": (
        "Carbon avoided (vs the boiler, minus heat-pump power)",
        "减少碳排放(对比锅炉,扣除热泵用电)",
    ),
    "energy_per_request_accelerator": ("Energy per request — accelerator", "每次请求能耗——加速器"),
    "energy_per_request_it": ("Energy per request — IT (incl. hosts)", "每次请求能耗——IT(含主机)"),
    "energy_per_request_facility": (
        "Energy per request — facility (× PUE)",
        "每次请求能耗——数据中心(× PUE)",
    ),
    "energy_per_1k_tokens_accelerator": (
        "Energy per 1,000 output tokens — accelerator",
        "每千个输出 token 能耗——加速器",
    ),
    "energy_per_1k_tokens_it": (
        "Energy per 1,000 output tokens — IT (incl. hosts)",
        "每千个输出 token 能耗——IT(含主机)",
    ),
    "energy_per_1k_tokens_facility": (
        "Energy per 1,000 output tokens — facility (× PUE)",
        "每千个输出 token 能耗——数据中心(× PUE)",
    ),
    "energy_per_token_accelerator": (
        "Energy per output token — accelerator",
        "每个输出 token 能耗——加速器",
    ),
    "energy_per_token_it": (
        "Energy per output token — IT (incl. hosts)",
        "每个输出 token 能耗——IT(含主机)",
    ),
    "energy_per_token_facility": (
        "Energy per output token — facility (× PUE)",
        "每个输出 token 能耗——数据中心(× PUE)",
    ),
    "carbon_per_request": (
        "Carbon per request, operational — facility",
        "每次请求碳排放(运行)——数据中心",
    ),
    "water_onsite_per_request": (
        "Water per request, on-site (cooling) — IT × WUE",
        "每次请求现场用水(冷却)——IT × WUE",
    ),
    "water_offsite_per_request": (
        "Water per request, off-site (power plants) — facility",
        "每次请求场外用水(发电)——数据中心",
    ),
    "facility_energy_per_day": ("Facility energy per day of service", "每天服务的数据中心耗电"),
    "facility_energy_per_minute": (
        "Facility energy per minute of service",
        "每分钟服务的数据中心耗电",
    ),
    "service_load": ("Load: request rate ÷ provisioned capacity", "负载:请求速率 ÷ 已部署容量"),
}

# Outputs named by a prefix and a catalog id: grid_share_<reference load>.
SHARE_LABEL = ("Each site's peak ÷ {name}", "单站峰值负荷 ÷ {name}")

UNIT_NAMES_ZH = {
    "kg CO2e": "千克 CO2e",
    "t CO2e": "吨 CO2e",
    "L": "升",
    "m3": "立方米",
    "MW": "兆瓦",
    "GW": "吉瓦",
    "kW": "千瓦",
    "pools": "个",
    "household-years": "户·年",
    "home-years": "户·年",
    "m2-years": "平方米·年",
    "USD": "美元",
    "Wh": "瓦时",
    "J": "焦耳",
    "g CO2e": "克 CO2e",
    "mL": "毫升",
}

HEADERS: dict[str, tuple[str, str]] = {
    "output": ("Output", "指标"),
    "p5": ("p5", "p5"),
    "p50": ("p50", "p50 中位数"),
    "p95": ("p95", "p95"),
    "basis": ("basis", "依据"),
    "drivers": ("Drivers of the spread", "不确定性主因"),
    "sources": ("Sources", "数据来源"),
    "assumptions": ("Assumptions", "假设"),
    "warnings": ("Warnings", "警告"),
    "measured": ("measured", "实测"),
    "modelled": ("modelled", "模型"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def label(name: str, lang: str = "en") -> str:
    """The display label of an output (falls back to its name)."""
    pair = LABELS.get(name)
    if pair is None and name.startswith("grid_share_"):
        pair = _share_label(name[len("grid_share_") :])
    if pair is None:
        return name.replace("_", " ")
    return pair[1] if lang == "zh" else pair[0]


def _share_label(slug: str) -> tuple[str, str] | None:
    from wattprint.catalog import reference_loads
    from wattprint.chain.grid import reference_slug

    for row in reference_loads():
        if reference_slug(row.id) == slug:
            return (
                SHARE_LABEL[0].format(name=row.name),
                SHARE_LABEL[1].format(name=row.name_zh or row.name),
            )
    return None


def header(name: str, lang: str = "en") -> str:
    """A table or section header."""
    en, zh = HEADERS.get(name, (name, name))
    return zh if lang == "zh" else en


def energy_scale(kwh: float, lang: str = "en") -> tuple[float, str]:
    """Divisor and unit for showing an energy given in kWh."""
    size = abs(kwh)
    if lang == "zh":
        if size >= 1e8:
            return 1e8, "亿度"
        if size >= 1e4:
            return 1e4, "万度"
        return 1.0, "度"
    for divisor, unit in ((1e9, "TWh"), (1e6, "GWh"), (1e3, "MWh"), (1.0, "kWh")):
        if size >= divisor:
            return divisor, unit
    if size >= 1e-3 or size == 0:
        return 1.0, "kWh"
    return 1e-3, "Wh"


def display_scale(unit: str, reference: float, lang: str = "en") -> tuple[float, str]:
    """Divisor and display unit for a value in ``unit`` near ``reference`` (its p50)."""
    size = abs(reference)
    if unit == "kWh":
        return energy_scale(reference, lang)
    if unit == "kg CO2e":
        divisor, shown = (1e3, "t CO2e") if size >= 1e3 else (1.0, "kg CO2e")
    elif unit == "L":
        divisor, shown = (1e3, "m3") if size >= 1e4 else (1.0, "L")
    elif unit == "MW":
        divisor, shown = (1e3, "GW") if size >= 1e3 else ((1e-3, "kW") if size < 1 else (1.0, "MW"))
    else:
        divisor, shown = 1.0, unit
    return divisor, (UNIT_NAMES_ZH.get(shown, shown) if lang == "zh" else shown)


def number(value: float) -> str:
    """A number with three significant figures and thousands separators."""
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 1e15 or size < 1e-3:
        return f"{value:.3g}"
    if size >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"

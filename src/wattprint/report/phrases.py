"""Words of the HTML report and the dashboard, in English and Chinese.

Output names and units live in :mod:`wattprint.report.i18n`; this table holds the page
words around them (titles, captions, buttons). A missing key is a bug, caught by a test
that renders every page in both languages.
"""

from __future__ import annotations

from wattprint.report.i18n import check_lang

PHRASES: dict[str, tuple[str, str]] = {
    # report and page frame
    "report_title": ("Footprint report", "能耗足迹报告"),
    "generated": ("Made with wattprint {version}", "由 wattprint {version} 生成"),
    "estimate": ("estimate", "估算"),
    "measurement": ("measured", "实测"),
    "audit": ("claims audit", "说法核查"),
    "lang_switch": ("中文", "English"),
    "offline_note": (
        "This file is self-contained: it works offline.",
        "本文件自包含,离线可用。",
    ),
    # headline cards
    "headline": ("Key figures", "关键数字"),
    "card_energy": ("Electricity from the grid", "电网用电"),
    "card_it_energy": ("IT energy (no facility overhead)", "IT 设备用电(不含机房开销)"),
    "card_carbon": ("Carbon", "碳排放"),
    "card_water": ("Water, on-site", "现场用水"),
    "card_water_off": ("plus {value} off-site (power plants)", "另有场外用水(发电){value}"),
    "card_heat": ("Heat released", "释放热量"),
    "card_heat_recovered": ("{value} of it recoverable", "其中可回收 {value}"),
    "card_equivalent": ("In plain words", "换个说法"),
    "eq_households_us": (
        "≈ {value} US households' electricity for a year",
        "≈ {value} 个美国家庭一年的用电",
    ),
    "eq_households_cn": (
        "≈ {value} Chinese households' electricity for a year",
        "≈ {value} 个中国家庭一年的用电",
    ),
    "eq_pools": (
        "enough heat to boil {value} Olympic pools of ice water",
        "热量足以烧开 {value} 个奥运标准泳池的冰水",
    ),
    "range": ("p5–p95: {low} – {high}", "p5–p95:{low} – {high}"),
    "median_note": ("median (p50)", "中位数(p50)"),
    # charts
    "sankey_title": ("Where the energy goes", "能量去向"),
    "sankey_note": (
        "Widths are medians (p50); medians of parts need not add up exactly.",
        "宽度为中位数(p50);各部分的中位数之和不必恰好等于总数。",
    ),
    "node_grid": ("Grid", "电网"),
    "node_overhead": ("Facility overhead (cooling, power delivery)", "机房开销(冷却、供配电)"),
    "node_it": ("IT equipment", "IT 设备"),
    "node_hosts": ("Hosts (CPU, memory, network)", "主机(CPU、内存、网络)"),
    "node_accelerators": ("Accelerators", "加速器"),
    "node_other_it": ("Other IT", "其他 IT"),
    "node_heat": ("Heat", "热量"),
    "node_recovered": ("Heat recovered", "回收的热量"),
    "node_rejected": ("Heat rejected", "排放的热量"),
    "bands_title": ("Every output with its p5–p95 band", "各项指标及其 p5–p95 区间"),
    "bands_note": (
        "Dot: median (p50); bar: p5 to p95. An axis spanning over a factor of 20 is logarithmic.",
        "圆点为中位数(p50),横线为 p5 至 p95。跨度超过 20 倍的坐标轴为对数坐标。",
    ),
    "drivers_title": ("What drives the spread", "不确定性从何而来"),
    "drivers_note": (
        "Rank correlation of each uncertain input with the output; "
        "* marks a default, not a given value.",
        "各不确定输入与结果的秩相关系数;* 表示默认值而非给定值。",
    ),
    "drivers_none": (
        "No uncertain input: every output is a single value.",
        "没有不确定的输入:每项结果都是单一数值。",
    ),
    "rank_correlation": ("rank correlation", "秩相关系数"),
    "power_title": ("Power over time", "功率随时间变化"),
    "power_note": (
        "Downsampled on the server to {points} points per device (minimum and maximum kept).",
        "服务器端降采样为每设备 {points} 点(保留最小值和最大值)。",
    ),
    "power_none": ("No samples recorded.", "没有采样记录。"),
    "time_s": ("time since start (s)", "开始后时间(秒)"),
    "power_w": ("power (W)", "功率(瓦)"),
    "step": ("step", "步"),
    "steps": ("steps", "步数"),
    "step_count": ("Steps", "步数"),
    "phase": ("phase", "阶段"),
    "projection": ("projection", "预测"),
    "projection_title": ("Projection", "预测"),
    # tables and footnotes
    "outputs_title": ("All outputs", "全部指标"),
    "warnings_head": ("Read with care:", "请注意:"),
    "run_facts": ("About this run", "运行信息"),
    "command": ("Command", "命令"),
    "footnotes": ("Sources and defaults used", "所用数据来源与默认值"),
    "used_for": ("used for", "用于"),
    "value": ("value", "数值"),
    "source": ("source", "来源"),
    "year": ("year", "年份"),
    "note": ("note", "说明"),
    "no_footprint": (
        "This run has no footprint yet (it is running, or ended before one was computed).",
        "该运行尚无足迹结果(仍在运行,或在计算前结束)。",
    ),
    "scenario_title": ("Scenario", "情景"),
    "samples_seed": (
        "{samples} Monte Carlo draws, seed {seed}",
        "{samples} 次蒙特卡洛抽样,种子 {seed}",
    ),
    # runs
    "runs": ("Runs", "运行记录"),
    "run": ("Run", "运行"),
    "name": ("Name", "名称"),
    "kind": ("Kind", "类型"),
    "status": ("Status", "状态"),
    "started": ("Started", "开始"),
    "ended": ("Ended", "结束"),
    "duration": ("Duration", "时长"),
    "host": ("Host", "主机"),
    "tags": ("Tags", "标签"),
    "energy": ("Energy", "电量"),
    "carbon": ("Carbon", "碳排放"),
    "samples": ("Samples", "采样数"),
    "totals": ("Totals", "合计"),
    "sensors": ("Sensors", "传感器"),
    "status_running": ("running", "运行中"),
    "status_complete": ("complete", "已完成"),
    "status_incomplete": ("incomplete", "未完成"),
    "status_failed": ("failed", "失败"),
    "filter": ("Filter", "筛选"),
    "name_filter": ("Name (glob: llama-*)", "名称(可用通配符 llama-*)"),
    "since": ("From", "起始日期"),
    "until": ("To", "截止日期"),
    "tag_filter": ("Tag (key or key=value)", "标签(key 或 key=value)"),
    "sort": ("Sort by", "排序"),
    "descending": ("newest / largest first", "降序"),
    "apply": ("Apply", "应用"),
    "clear": ("Clear", "清除"),
    "showing": ("{first}–{last} of {total}", "第 {first}–{last} 条,共 {total} 条"),
    "previous": ("← Previous", "← 上一页"),
    "next": ("Next →", "下一页 →"),
    "no_runs": (
        "No runs match. Measure one with `wattprint run -- CMD`.",
        "没有匹配的运行记录。可用 `wattprint run -- 命令` 测量一次。",
    ),
    "compare": ("Compare", "对比"),
    "compare_selected": ("Compare selected", "对比所选"),
    "compare_hint": ("Tick two or more runs, then compare.", "勾选两个或更多运行记录后对比。"),
    "compare_need_two": ("Choose at least two runs to compare.", "请至少选择两个运行记录。"),
    "live": ("live: updates every 2 s while the run is running", "实时:运行中每 2 秒更新"),
    "open_report": ("Download HTML report", "下载 HTML 报告"),
    # scenario page
    "scenario_page": ("Scenario", "情景估算"),
    "scenario_intro": (
        "Edit a scenario (YAML) and recompute its footprint.",
        "编辑情景(YAML),重新计算能耗足迹。",
    ),
    "example": ("Start from an example", "从示例开始"),
    "load": ("Load", "载入"),
    "recompute": ("Recompute", "重新计算"),
    "error": ("Error", "错误"),
    "field": ("field", "字段"),
    # audit page
    "audit_page": ("Claims audit", "说法核查"),
    "audit_intro": (
        "Paste a claims file (YAML with `claims:`) or choose a bundled one; each claim is "
        "recomputed from its stated inputs.",
        "粘贴一份说法文件(含 `claims:` 的 YAML)或选择内置示例;每条说法都按其给出的输入重新计算。",
    ),
    "check": ("Check", "核查"),
    "claim": ("Claim", "说法"),
    "verdict": ("Verdict", "结论"),
    "stated": ("Stated", "所称数值"),
    "recomputed": ("Recomputed", "重新计算"),
    "explanation": ("Why", "理由"),
    "audit_unavailable": (
        "The claims audit is not available in this installation.",
        "此安装中没有说法核查功能。",
    ),
    # errors
    "not_found": ("Not found", "未找到"),
    "bad_request": ("Bad request", "请求有误"),
    "api_docs": ("API (OpenAPI)", "接口(OpenAPI)"),
}


def phrase(key: str, lang: str = "en", **values: object) -> str:
    """The phrase ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``.

    Args:
        key: A key of :data:`PHRASES`.
        lang: ``"en"`` or ``"zh"``.
        **values: Values for the phrase's placeholders.

    Raises:
        KeyError: Unknown key (a bug in a template).
        ValueError: Unknown language.
    """
    en, zh = PHRASES[key]
    text = zh if check_lang(lang) == "zh" else en
    return text.format(**values) if values else text

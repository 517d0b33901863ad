"""Every word the faces show around the numbers, in English and Chinese, behind one lookup.

One concept, one word, on every face: the verdict "off" is 偏离 in the text audit, on the
web page and in the Markdown statement; "energy" is 能耗 wherever it is a column or a
heading. Output labels are not here: they are a column of the outputs table
(:mod:`wattprint.chain.outputs`); units and numbers are :mod:`wattprint.quantity.display`.

The table lives in the bottom layer because the audit (a face) and the report (another)
both read it and must not import each other. ``tests/test_words.py`` fails when an
English entry has no Chinese twin or the two disagree on their ``{placeholders}``.
"""

from __future__ import annotations

from wattprint.quantity.words_more import MORE_WORDS

LANGS = ("en", "zh")

# key -> (English, Chinese); keys are snake_case, grouped by where they are mostly seen.
WORDS: dict[str, tuple[str, str]] = {
    # tables and sections (CLI, report, dashboard)
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
    # pages: report, dashboard
    "report_title": ("Footprint report", "能耗足迹报告"),
    "generated": ("Made with wattprint {version}", "由 wattprint {version} 生成"),
    "estimate": ("estimate", "估算"),
    "measurement": ("measured", "实测"),
    "audit_kind": ("claims audit", "说法核查"),
    "lang_switch": ("中文", "English"),
    "offline_note": ("This file is self-contained: it works offline.", "本文件自包含,离线可用。"),
    "headline": ("Key figures", "关键数字"),
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
    "eq_households_eu": (
        "≈ {value} EU households' electricity for a year",
        "≈ {value} 个欧盟家庭一年的用电",
    ),
    "eq_household_days_us": (
        "≈ a US household's electricity for {value} days",
        "≈ 一个美国家庭 {value} 天的用电",
    ),
    "eq_household_days_cn": (
        "≈ a Chinese household's electricity for {value} days",
        "≈ 一个中国家庭 {value} 天的用电",
    ),
    "eq_household_days_eu": (
        "≈ an EU household's electricity for {value} days",
        "≈ 一个欧盟家庭 {value} 天的用电",
    ),
    "eq_kettles": (
        "≈ the heat to bring {value} litres of water to the boil in a kettle",
        "≈ 用电水壶烧开 {value} 升水所需的热量",
    ),
    "eq_pools": (
        "enough heat to boil {value} Olympic pools of ice water",
        "热量足以烧开 {value} 个奥运标准泳池的冰水",
    ),
    "range": ("p5–p95: {low} – {high}", "p5–p95:{low} – {high}"),
    "median_note": ("median (p50)", "中位数(p50)"),
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
        "Rank correlation of each uncertain input with the output; * marks a default, not a given value.",
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
        "No footprint stored for this run (it is running, or ended before one was computed).",
        "此运行没有保存足迹(仍在运行,或在计算前结束)。",
    ),
    "scenario_title": ("Scenario", "情景"),
    "samples_seed": (
        "{samples} Monte Carlo draws, seed {seed}",
        "{samples} 次蒙特卡洛抽样,种子 {seed}",
    ),
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
    "carbon": ("Carbon", "碳排放"),
    "samples": ("Samples", "采样数"),
    "totals": ("Totals", "合计"),
    "sensors": ("Sensors", "传感器"),
    "status_running": ("running", "运行中"),
    "status_complete": ("complete", "已完成"),
    "status_incomplete": ("incomplete", "未完成(中断)"),
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
    "no_runs_match": (
        "No runs match. Measure one with `wattprint run -- CMD`.",
        "没有匹配的运行记录。可用 `wattprint run -- 命令` 测量一次。",
    ),
    "compare": ("Compare", "对比"),
    "compare_selected": ("Compare selected", "对比所选"),
    "compare_hint": ("Tick two or more runs, then compare.", "勾选两个或更多运行记录后对比。"),
    "compare_need_two": ("Choose at least two runs to compare.", "请至少选择两个运行记录。"),
    "live": ("live: updates every 2 s while the run is running", "实时:运行中每 2 秒更新"),
    "open_report": ("Download HTML report", "下载 HTML 报告"),
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
    "audit_page": ("Claims audit", "说法核查"),
    "audit_intro": (
        "Paste a claims file (YAML with `claims:`) or choose a bundled one; each claim is recomputed from its stated inputs.",
        "粘贴一份说法文件(含 `claims:` 的 YAML)或选择内置示例;每条说法都按其给出的输入重新计算。",
    ),
    "check": ("Check", "核查"),
    "claim": ("Claim", "说法"),
    "verdict": ("Verdict", "结论"),
    "stated": ("Stated", "所称数值"),
    "recomputed": ("Recomputed", "重算值"),
    "explanation": ("Why", "理由"),
    "audit_unavailable": (
        "The claims audit is not available in this installation.",
        "此安装中没有说法核查功能。",
    ),
    "not_found": ("Not found", "未找到"),
    "bad_request": ("Bad request", "请求有误"),
    "api_docs": ("API (OpenAPI)", "接口(OpenAPI)"),
    "energy": ("Energy", "能耗"),
    # Markdown statement
    "md_title": ("Energy and carbon", "能耗与碳排放"),
    "md_estimate": (
        "Estimated with wattprint {version} from a scenario ({samples} Monte Carlo draws, seed {seed}); figures are medians with the 5th–95th percentile range.",
        "使用 wattprint {version} 依情景估算({samples} 次蒙特卡洛抽样,种子 {seed});数值为中位数及第 5–95 百分位区间。",
    ),
    "md_measurement": (
        "Measured with wattprint {version} on {host}, {start} ({duration}); figures are medians with the 5th–95th percentile range.",
        "使用 wattprint {version} 在 {host} 上实测,{start}({duration});数值为中位数及第 5–95 百分位区间。",
    ),
    "quantity": ("Quantity", "指标"),
    "median": ("Median (p50)", "中位数(p50)"),
    "p5_p95": ("p5–p95", "p5–p95"),
    "md_none": ("No footprint was stored for this run.", "该运行没有保存足迹结果。"),
    "claims_audited": ("Claims audited", "核查的说法"),
    # audit verdicts: one word per verdict on every face
    "verdict_holds": ("holds", "成立"),
    "verdict_off": ("off", "偏离"),
    "verdict_off_by": ("off by ×{factor}", "偏离 ×{factor}"),
    "verdict_unit_slip": ("unit slip", "单位笔误"),
    "verdict_unit_slip_within": (
        "unit slip: within 5% of {power}",
        "单位笔误:与{power}倍相差不到5%",
    ),
    "verdict_off_by_orders": ("off by orders of magnitude", "相差几个数量级"),
    "verdict_off_by_orders_by": (
        "off by orders of magnitude (×{factor})",
        "相差几个数量级(×{factor})",
    ),
    # audit as text
    "audit_published": ("Published", "发表值"),
    "audit_as_read": ("As read", "按此解读"),
    "audit_how": ("How", "方法"),
    "audit_context": ("Context", "参照"),
    "audit_reading": ("Reading", "解读"),
    "audit_why": ("Why", "说明"),
    "summary": ("Summary", "汇总"),
    "draws": ("Monte Carlo draws", "抽样"),
    "claims_count": ("claims", "条说法"),
    # published bounds
    "bound_upper": ("upper bound", "上限"),
    "bound_lower": ("lower bound", "下限"),
    "bound_range": ("range", "范围"),
    # verdict explanations; {given} says whether the figure was published or is our reading
    "given_published": ("published", "发表值"),
    "given_as_read": ("as-read", "按此解读的值"),
    "given_bound_published": ("published", "发表的"),
    "given_bound_as_read": ("as-read", "按此解读的"),
    "explain_holds": (
        "Holds: the {given} {pub} agrees with the recomputed {span} (tolerance {tol}).",
        "成立:{given} {pub} 与重算值 {span} 相符(容差 {tol})。",
    ),
    "explain_holds_upper": (
        "Holds: the recomputed {span} is below the {given} bound {pub} (tolerance {tol}).",
        "成立:重算值 {span} 低于{given}上限 {pub}(容差 {tol})。",
    ),
    "explain_holds_lower": (
        "Holds: the recomputed {span} is above the {given} bound {pub} (tolerance {tol}).",
        "成立:重算值 {span} 高于{given}下限 {pub}(容差 {tol})。",
    ),
    "explain_off_high": (
        "Off: the {given} {pub} is {ratio} the recomputed {edge} (too high; tolerance {tol}).",
        "偏离:{given} {pub} 是重算值 {edge} 的 {ratio}(偏高,容差 {tol})。",
    ),
    "explain_off_low": (
        "Off: the {given} {pub} is {ratio} the recomputed {edge} (too low; tolerance {tol}).",
        "偏离:{given} {pub} 是重算值 {edge} 的 {ratio}(偏低,容差 {tol})。",
    ),
    "explain_orders": (
        "Off by orders of magnitude: the {given} {pub} is {ratio} the recomputed {edge}.",
        "相差几个数量级:{given} {pub} 是重算值 {edge} 的 {ratio}。",
    ),
    "explain_slip": (
        "Unit slip: the {given} {pub} is {ratio} the recomputed {edge}, within 5% of {power}: the signature of a unit or magnitude-word slip (a hundred million written for a trillion is 10⁴; cm³ for m³ is 10⁶).",
        "单位笔误:{given} {pub} 是重算值 {edge} 的 {ratio},与 {power} 倍相差不到5%,通常是单位或数量词写错(把“万亿”写成“亿”差 10⁴ 倍,把“立方米”写成“立方厘米”差 10⁶ 倍)。",
    ),
    # model card (report --format model-card)
    "card_heading": ("### Environmental impact", "### 环境影响"),
    "card_emitted": (
        "Training this model emitted about **{g} g CO2e** (p5–p95: {low}–{high} g), {how} by "
        "wattprint ({method})",
        "本模型训练的碳排放约为 **{g} 克 CO2e**(p5–p95:{low}–{high} 克),由 wattprint {how}"
        "({method})",
    ),
    "card_measured": ("measured", "实测"),
    "card_estimated": ("estimated", "估算"),
    "card_energy": (" from about {kwh} kWh of electricity", ",耗电约 {kwh} 千瓦时(度)"),
    "card_hardware": (" on {hardware}", ";硬件:{hardware}"),
    "card_location": (" in {location}", ";地点:{location}"),
    "card_end": (". Boundary: {boundary}.", "。边界:{boundary}。"),
    "card_boundary": (
        "operational carbon of the electricity drawn (IT energy x PUE x grid intensity); "
        "embodied carbon not included",
        "所用电力的运行碳排放(IT 能耗 × PUE × 电网碳强度),不含隐含碳",
    ),
    # runs show: the requests a measured service served
    "requests_requests": ("Requests served (measured)", "已服务请求(实测)"),
    "requests_count": ("requests", "次请求"),
    "requests_per_request": ("energy per request", "每次请求能耗"),
    "requests_per_output_token": ("energy per output token", "每个输出 token 能耗"),
    "requests_rule": (
        "energy shared by tokens among requests in flight; idle time shared by tokens",
        "并发请求按 token 数分摊能耗;空闲时段按 token 数分摊",
    ),
    # runs (CLI): the producer's totals, named with their boundary (IT, sensor totals)
    "id": ("ID", "编号"),
    "host_pid": ("Host / pid", "主机 / 进程"),
    "region": ("Region", "电网区域"),
    "facility": ("Facility", "设施"),
    "exit_code": ("Exit code", "退出码"),
    "last_flush": ("Last flush", "最后写入"),
    "footprint": ("Footprint", "足迹"),
    "no_runs_in": ("No runs in {path}.", "{path} 中没有运行记录。"),
    "runs_shown": (
        "{shown} of {total} runs (use --limit to see more)",
        "共 {total} 条,显示 {shown} 条(用 --limit 查看更多)",
    ),
    "per_unit": ("Energy per unit of work", "单位工作能耗"),
    "energy_j": (
        "IT energy, sensor total (before calibration factors)",
        "IT 设备耗电,传感器合计(未乘校准系数)",
    ),
    "energy_low_j": ("IT energy, sensor total, low bound", "IT 设备耗电,传感器合计下限"),
    "energy_high_j": ("IT energy, sensor total, high bound", "IT 设备耗电,传感器合计上限"),
    "accelerator_energy_j": ("Accelerator energy, sensor total", "加速器耗电,传感器合计"),
    "host_energy_j": ("Host energy, sensor total", "主机耗电,传感器合计"),
    "duration_s": ("Duration", "时长"),
    "peak_power_w": ("Peak IT power, measured", "IT 设备峰值功率(实测)"),
    "mean_power_w": ("Average IT power, measured", "IT 设备平均功率(实测)"),
    "devices": ("Energy by device", "各设备耗电"),
    "methods": ("Methods", "测量方法"),
    "token_count": ("Tokens", "token 数"),
    "sample_count": ("Samples (work)", "样本数(工作量)"),
    "energy_per_step_j": ("Energy per step", "每步能耗"),
    "energy_per_token_j": ("Energy per token", "每 token 能耗"),
    "energy_per_sample_j": ("Energy per sample", "每样本能耗"),
    "phases": ("Phases", "阶段"),
    **MORE_WORDS,
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def word(key: str, lang: str = "en", **values: object) -> str:
    """The words for ``key`` in ``lang``, ``{name}`` placeholders filled from ``values``.

    Raises:
        KeyError: Unknown key (a bug in a face: every key a face uses is tested).
        ValueError: Unknown language.
    """
    en, zh = WORDS[key]
    text = zh if check_lang(lang) == "zh" else en
    return text.format(**values) if values else text

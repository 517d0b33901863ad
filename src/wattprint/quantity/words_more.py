"""More of the one words table (merged into :data:`wattprint.quantity.words.WORDS`).

Kept in its own file only so that no module passes 400 lines; a key is looked up with
:func:`wattprint.quantity.words.word` like every other, and the words test covers it.
"""

from __future__ import annotations

MORE_WORDS: dict[str, tuple[str, str]] = {
    # jobs across nodes (dashboard)
    "jobs": ("Jobs", "作业"),
    "job": ("Job", "作业"),
    "job_title": ("Job {id}", "作业 {id}"),
    "job_summary": (
        "{seen} of {expected} nodes reported, {runs} runs",
        "已报告节点 {seen} / 预期 {expected},共 {runs} 个运行",
    ),
    "job_nodes": ("Nodes (seen / expected)", "节点(已报告 / 预期)"),
    "job_runs": ("Runs", "运行数"),
    "job_totals": ("The job, summed over its nodes", "作业合计(各节点之和)"),
    "job_total_note": (
        "Each figure is the sum of the runs' medians (p50); their bands are not combined.",
        "各数值为各运行中位数(p50)之和;不确定区间未合并。",
    ),
    "job_nodes_heading": ("Nodes", "节点"),
    "job_node": ("Node", "节点"),
    "job_ranks": ("Local ranks", "本地进程序号"),
    "job_measured": ("Sensor energy", "传感器能耗"),
    "job_it_energy": ("IT energy (p50)", "IT 设备耗电(p50)"),
    "no_jobs": (
        "No jobs in this run store: a run joins a job through SLURM_JOB_ID, "
        "TORCHELASTIC_RUN_ID, PBS_JOBID, LSB_JOBID or WATTPRINT_JOB_ID.",
        "此运行库中没有作业:运行通过 SLURM_JOB_ID、TORCHELASTIC_RUN_ID、PBS_JOBID、"
        "LSB_JOBID 或 WATTPRINT_JOB_ID 归入作业。",
    ),
    # the short answer (every command's first screen)
    "boundary": ("boundary", "边界"),
    "boundary_accelerator": ("accelerators", "加速器"),
    "boundary_it": ("IT", "IT 设备"),
    "boundary_facility": ("facility", "设施"),
    "boundary_physics": ("physics", "物理"),
    "boundary_equivalent": ("equivalent", "等效"),
    "assumed_not_given": ("Assumed, not given: {names}", "假设(未给出):{names}"),
    "drivers_line": (
        "Spread driven most by: {drivers} (* a default, not given)",
        "不确定性主因:{drivers}(* 为默认值,非给定)",
    ),
    "drivers_line_given": ("Spread driven most by: {drivers}", "不确定性主因:{drivers}"),
    "warnings_count": (
        "{count} warning(s): in the full view (the line below says how).",
        "{count} 条警告:见完整输出(方法见下一行)。",
    ),
    "more_line": (
        "More: --full every output · --sources citations · --json for machines",
        "更多:--full 全部指标 · --sources 数据来源 · --json 机器可读",
    ),
    "more_check": (
        "More: --full each claim's reasoning and sources · --json for machines",
        "更多:--full 每条说法的推理与来源 · --json 机器可读",
    ),
    "more_runs": (
        "More: runs show {id} --full · --json for machines",
        "更多:runs show {id} --full · --json 机器可读",
    ),
    "physics_title": ("Physics (for scale, not a footprint)", "物理参照(仅作量级对比,不计入足迹)"),
    "equivalents_title": ("In everyday terms", "日常等效"),
    "run_line": (
        "{name}: {duration}, exit code {code}, {status}, stored as run {id}",
        "{name}:{duration},退出码 {code},{status},保存为运行 {id}",
    ),
    "run_not_stored": ("{name}: {duration}, exit code {code}, {status}, not stored",
                       "{name}:{duration},退出码 {code},{status},未保存"),
    "average_power": ("average power {value}", "平均功率 {value}"),
    "per_step": ("{value} per step", "每步 {value}"),
    "per_token": ("{value} per token", "每 token {value}"),
    "sensors_line": ("Sensors: {names}", "传感器:{names}"),
    "sensor_model_note": (
        "no power sensor: energy modelled from CPU time and memory",
        "无功率传感器:能耗由 CPU 时间与内存模型估算",
    ),
    "projection_line": (
        "Projected to {steps} steps: {energy} (p5–p95 {band}), about {duration}",
        "预测至 {steps} 步:{energy}(p5–p95 {band}),约 {duration}",
    ),
    "data_rows": ("{table}: {count} rows", "{table}:{count} 行"),
    "data_more": (
        "One row with its source: wattprint data {table} NAME · --json",
        "一行的全部内容及来源:wattprint data {table} 名称 · --json",
    ),
    "at_line": ("line {line}", "第 {line} 行"),
    "per_label": ("Compare", "对比口径"),
    "cmp_per_run": ("whole runs", "整次运行"),
    "cmp_per_step": ("per step", "每步"),
    "cmp_per_token": ("per token", "每 token"),
    "cmp_per_hour": ("per hour", "每小时"),
    "download_scenario": ("Download the scenario (YAML)", "下载情景(YAML)"),
    "download_report": ("Download its report (HTML)", "下载其报告(HTML)"),
    "filtered_totals": (
        "All matching runs: {energy}, {carbon} (sums of medians)",
        "全部匹配的运行:{energy},{carbon}(中位数之和)",
    ),
    # accessibility
    "skip_to_content": ("Skip to content", "跳到正文"),
    "site_nav": ("Site", "网站导航"),
    "scenario_yaml_label": ("Scenario (YAML)", "情景(YAML)"),
    "claims_yaml_label": ("Claims file (YAML)", "说法文件(YAML)"),
    # what a figure rests on (report/basis.py): measured only from power sensors
    "basis_scenario": ("modelled (from the scenario)", "模型估算(依情景)"),
    "basis_measured_by": ("measured ({sensors})", "实测({sensors})"),
    "basis_modelled_by": ("modelled ({models})", "模型估算({models})"),
    "basis_modelled_factors": ("modelled (catalog factors)", "模型估算(数据库系数)"),
    "modelled_run": ("modelled: no power sensor", "模型估算:无功率传感器"),
    "md_modelled_run": (
        "Modelled with wattprint {version} on {host}, {start} ({duration}): no power sensor "
        "could be read, so the energy comes from {models} (CPU time and memory × sourced power "
        "ranges); figures are medians with the 5th–95th percentile range.",
        "使用 wattprint {version} 在 {host} 上运行,{start}({duration}):未能读取任何功率传感器,"
        "能耗由 {models} 模型估算(CPU 时间与内存 × 有出处的功率区间);"
        "数值为中位数及第 5–95 百分位区间。",
    ),
    "md_measured_by": (
        "Power sensors: {sensors}; modelled: {models}.",
        "功率传感器:{sensors};模型估算:{models}。",
    ),
    # scenario inputs and sensor parameters, as named in drivers and "assumed, not given"
    "in_host_power": ("host power", "主机功率"),
    "in_power_share": ("power share of TDP", "功率占 TDP 比例"),
    "in_mfu": ("MFU", "算力利用率(MFU)"),
    "in_utilisation": ("utilisation", "利用率"),
    "in_duration": ("duration", "时长"),
    "in_bits_erased_per_flop": ("bits erased per FLOP", "每次运算擦除位数"),
    "in_pue": ("PUE", "PUE(电能利用效率)"),
    "in_lifetime": ("hardware lifetime", "硬件寿命"),
    "in_embodied": ("embodied carbon", "隐含碳"),
    "in_carbon_intensity": ("grid carbon intensity", "电网碳强度"),
    "in_heat_pump_cop": ("heat-pump COP", "热泵能效比(COP)"),
    "in_evaporated_share": ("evaporated share of heat", "蒸发散热比例"),
    "in_recoverable_share": ("recoverable share of heat", "可回收热量比例"),
    "in_replaces": ("heat source replaced", "被替代的热源"),
    "in_facility": ("facility", "设施"),
    "in_host_energy_kwh": ("host energy (model)", "主机耗电(模型)"),
    "in_cpu_idle_power_per_core_w": ("idle power per CPU", "每个 CPU 空闲功率"),
    "in_cpu_active_power_per_core_w": ("active power per CPU", "每个 CPU 工作功率"),
    "in_memory_power_w_per_gb": ("memory power per GB", "每 GB 内存功率"),
}  # fmt: skip

"""Settings as data: every ``WATTPRINT_*`` environment variable, declared once.

Each :class:`Setting` names its variable, its kind, its default, a line of help and, for
numbers, the range it must lie in. :meth:`TrackerConfig.from_env
<wattprint.measure.config.TrackerConfig.from_env>` and the store's default path read the
environment only through these declarations; ``wattprint run --help`` lists them, and the
table in ``docs/settings.md`` is generated from them (``tests/test_settings.py`` fails
when a ``WATTPRINT_*`` name in the source is not declared here, or the page is stale).

A value that cannot be used is an :class:`~wattprint.errors.InputError` naming the
variable, the value and what was expected; a number outside its range says the range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from wattprint.errors import InputError

Kind = Literal["path", "text", "flag", "seconds", "names", "choice"]
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Setting:
    """One environment variable: what it sets, its default, its help and its range.

    Attributes:
        name: The variable (``WATTPRINT_SAMPLE_INTERVAL``).
        kind: How its text is read: a path, free text, a yes/no flag, seconds, a comma
            list of names, or one of ``choices``.
        default: The value used when the variable is unset or empty, as text
            (``""``: none); ``default_text`` says what that means where it is not literal.
        help: One line for ``--help`` and the docs.
        field: The option it fills (``TrackerConfig.sample_interval_s``).
        low: Smallest accepted number (``seconds`` only).
        high: Largest accepted number (``seconds`` only).
        choices: The accepted words (``choice`` only).
        default_text: How the docs show the default when it is not a plain value.
    """

    name: str
    kind: Kind
    default: str
    help: str
    field: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    default_text: str = ""

    def text(self, env: Mapping[str, str]) -> str | None:
        """The variable's text (stripped), or None when unset or empty."""
        value = env.get(self.name, "").strip()
        return value or None

    def read_text(self, env: Mapping[str, str]) -> str | None:
        """A path or free text: the variable, else the default (None when it has none)."""
        return self.text(env) or self.default or None

    def read_flag(self, env: Mapping[str, str]) -> bool:
        """A yes/no value (``1``/``0``, ``true``/``false``, ``yes``/``no``, ``on``/``off``)."""
        text = (self.text(env) or self.default).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InputError("not a yes/no value", field=self.name, got=text, expected="1 or 0")

    def read_seconds(self, env: Mapping[str, str]) -> float:
        """A number of seconds within ``[low, high]``."""
        text = self.text(env)
        if text is None:
            return float(self.default)
        try:
            value = float(text)
        except ValueError:
            raise InputError(
                "not a number of seconds", field=self.name, got=text, expected="e.g. 1 or 0.5"
            ) from None
        self.check(value, self.name)
        return value

    def read_names(self, env: Mapping[str, str]) -> tuple[str, ...] | None:
        """A comma list of names; None when unset (meaning: all)."""
        text = self.text(env)
        if text is None:
            return None
        return tuple(part.strip() for part in text.split(",") if part.strip())

    def read_choice(self, env: Mapping[str, str]) -> str:
        """One of :attr:`choices`."""
        text = self.text(env) or self.default
        if text not in self.choices:
            raise InputError(
                f"unknown value for {self.name}",
                field=self.name,
                got=text,
                expected=" or ".join(self.choices),
            )
        return text

    def check(self, value: float, where: str) -> None:
        """Raise :class:`InputError` (naming ``where``) when ``value`` is out of range."""
        low = -math.inf if self.low is None else self.low
        high = math.inf if self.high is None else self.high
        if not (low <= value <= high):  # also refuses NaN
            raise InputError(
                f"must be {self.range_text()} seconds",
                field=where,
                got=value,
                expected=f"{self.range_text()} seconds",
                hint=self.help,
            )

    def range_text(self) -> str:
        """``0.01 to 3600`` (empty when unbounded)."""
        if self.low is None and self.high is None:
            return ""
        return f"{self.low:g} to {self.high:g}"


DB = Setting(
    "WATTPRINT_DB",
    "path",
    "",
    "Run store: an SQLite file, or postgresql://user@host/db for one store of many nodes "
    "(needs wattprint[postgres]); also the default of every --db option.",
    "TrackerConfig.db_path",
    default_text="runs.db in the user data directory",
)
STORE = Setting(
    "WATTPRINT_STORE",
    "flag",
    "1",
    "0 keeps tracked runs in memory only (nothing is written to the run store).",
    "TrackerConfig.store",
)
REGION = Setting(
    "WATTPRINT_REGION",
    "text",
    "",
    "Grid region for carbon and off-site water (US, CN, DE ...; see `wattprint data grids`).",
    "TrackerConfig.region",
    default_text="none: the WORLD average, with a warning",
)
FACILITY = Setting(
    "WATTPRINT_FACILITY",
    "text",
    "workstation",
    "Facility for PUE and WUE of a measured run (see `wattprint data facilities`).",
    "TrackerConfig.facility",
    default_text="workstation (PUE 1, no cooling water)",
)
SAMPLE_INTERVAL = Setting(
    "WATTPRINT_SAMPLE_INTERVAL",
    "seconds",
    "5.0",
    "Seconds between sensor reads; sets the stored curve's time resolution, not the "
    "energy's accuracy (counters are read again at every window edge). Below 0.01 s the "
    "sampler thread spins a CPU (1e-9 inflated a measured run 3.4x).",
    "TrackerConfig.sample_interval_s",
    low=0.01,
    high=3600.0,
)
FLUSH_INTERVAL = Setting(
    "WATTPRINT_FLUSH_INTERVAL",
    "seconds",
    "5.0",
    "Seconds between writes to the run store; at most 5, so a killed run loses at most 5 s.",
    "TrackerConfig.flush_interval_s",
    low=0.01,
    high=5.0,
)
SENSORS = Setting(
    "WATTPRINT_SENSORS",
    "names",
    "",
    "Comma list of the probes to run (nvml, amdsmi, rapl, cpu_model ...).",
    "SensorConfig.enabled",
    default_text="all",
)
RAPL_ROOT = Setting(
    "WATTPRINT_RAPL_ROOT",
    "path",
    "/sys/class/powercap",
    "Root of the Linux powercap tree read for RAPL energy counters.",
    "SensorConfig.rapl_root",
)
CPU_SCOPE = Setting(
    "WATTPRINT_CPU_SCOPE",
    "choice",
    "process",
    "Whose CPU time the CPU model counts: the process tree or its cgroup.",
    "SensorConfig.cpu_scope",
    choices=("process", "cgroup"),
)
PER_RANK_DEVICES = Setting(
    "WATTPRINT_PER_RANK_DEVICES",
    "flag",
    "0",
    "1: every local rank measures its own GPUs (ranks given disjoint CUDA_VISIBLE_DEVICES).",
    "SensorConfig.per_rank_devices",
)
STEP_FILE = Setting(
    "WATTPRINT_STEP_FILE",
    "path",
    "",
    "Set by `wattprint run` for its child: report steps to this file, measure nothing.",
    "TrackerConfig.step_file",
    default_text="none",
)
OTEL = Setting(
    "WATTPRINT_OTEL",
    "flag",
    "0",
    "1: export the tracker's energy, power and per-step energy as OpenTelemetry metrics "
    "(needs wattprint[otel]; OTEL_EXPORTER_OTLP_* configure the endpoint).",
    "TrackerConfig.otel",
)
JOB_ID = Setting(
    "WATTPRINT_JOB_ID",
    "text",
    "",
    "The job whose runs on every node are summed (`wattprint jobs show`); wins over the "
    "launcher's SLURM_JOB_ID, TORCHELASTIC_RUN_ID, PBS_JOBID or LSB_JOBID.",
    "TrackerConfig.job_id",
    default_text="the launcher's job id, else none",
)
JOB_NODES = Setting(
    "WATTPRINT_JOB_NODES",
    "text",
    "",
    "How many nodes the job runs on, to show nodes expected vs seen; wins over "
    "SLURM_JOB_NUM_NODES and WORLD_SIZE / LOCAL_WORLD_SIZE.",
    "TrackerConfig.job_nodes",
    default_text="the launcher's node count, else unknown",
)

SETTINGS: tuple[Setting, ...] = (
    DB,
    STORE,
    REGION,
    FACILITY,
    SAMPLE_INTERVAL,
    FLUSH_INTERVAL,
    SENSORS,
    RAPL_ROOT,
    CPU_SCOPE,
    PER_RANK_DEVICES,
    STEP_FILE,
    OTEL,
    JOB_ID,
    JOB_NODES,
)
"""Every ``WATTPRINT_*`` variable wattprint reads, in the order the docs list them."""


def _shown_default(setting: Setting) -> str:
    return setting.default_text or setting.default or "none"


def settings_help() -> str:
    """Plain-text list of the variables, for a command's ``--help`` epilog."""
    return "Environment variables, with defaults (docs/settings.md): " + "; ".join(
        f"{s.name}={s.default or 'unset'}" + (f" ({s.range_text()} s)" if s.range_text() else "")
        for s in SETTINGS
    )


def settings_markdown() -> str:
    """The Markdown table of ``docs/settings.md`` (between its generated-table markers)."""
    lines = [
        "| variable | sets | default | range | what it does |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        accepted = s.range_text() + (" s" if s.range_text() else "")
        if s.choices:
            accepted = " or ".join(s.choices)
        elif s.kind == "flag":
            accepted = "1 or 0"
        lines.append(f"| `{s.name}` | `{s.field}` | {_shown_default(s)} | {accepted} | {s.help} |")
    return "\n".join(lines) + "\n"

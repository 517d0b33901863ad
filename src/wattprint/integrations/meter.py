"""What every training-framework callback does, whatever the framework: one run per fit.

:class:`TrainingMeter` is driven by the callbacks in :mod:`.transformers` and
:mod:`.lightning`; it uses only the tracker's public API (``track()``, ``run.step``,
``run.phase``, ``run.stop``). One meter measures the whole training as one run, on the
node's local rank 0 only (the tracker's policy, :mod:`wattprint.measure.ranks`: local
rank 0 counts the node's GPUs, CPU packages and memory once; other ranks measure
nothing here, so a node is never counted twice). Steps carry their token counts,
``train`` and ``eval`` are phases, and :meth:`TrainingMeter.metrics` gives the figures the
callbacks add to the framework's own logs. At the end it prints one line, the tracker
stores the run, and the Hub's model-card block is written next to the checkpoints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from wattprint import settings
from wattprint.measure import MeasuredRun, RunResult, Sensor, TrackerConfig, track
from wattprint.quantity.units import J_PER_KWH

METRIC_PREFIX = "wattprint/"
MODEL_CARD_FILE = "model_card_emissions.md"
"""Written into the trainer's output directory at the end (the Hub block + a paragraph)."""
READY_TIMEOUT_S = 5.0
"""How long the start of a fit waits, once, for the sensors to be probed and read, so that
the first logs have figures; the tracker goes on probing in the background after that."""
LIVE_SAMPLE_INTERVAL_S = 1.0
"""Sampling interval when neither ``config`` nor ``WATTPRINT_SAMPLE_INTERVAL`` sets one:
logged figures lag the work by at most this long (the tracker's own default is 5 s)."""


class TrainingMeter:
    """One training run measured from a framework's callbacks.

    Args:
        name: Run name (default: the framework's, e.g. ``"transformers: Trainer"``).
        region: Grid region for carbon (``"US"``, ``"CN"`` ...).
        facility: Facility profile for PUE and water.
        tags: Labels stored with the run; ``training_type`` (``pre-training`` or
            ``fine-tuning``) and ``hardware_used`` also fill the model card.
        config: Tracker options (default ``TrackerConfig.from_env()``).
        sensors: Sensors to use instead of probing the machine.
        model_card: Language of the :data:`MODEL_CARD_FILE` written into the output
            directory at the end (``"en"`` or ``"zh"``, its paragraph); None writes none.
        echo: Where the closing line goes (``print`` by default; None: nowhere).
    """

    def __init__(
        self,
        name: str | None = None,
        *,
        region: str | None = None,
        facility: str | None = None,
        tags: Mapping[str, str] | None = None,
        config: TrackerConfig | None = None,
        sensors: Sequence[Sensor] | None = None,
        model_card: str | None = "en",
        echo: Callable[[str], object] | None = print,
    ) -> None:
        self.name = name
        self.region = region
        self.facility = facility
        self.tags = dict(tags or {})
        self.config = config
        self.sensors = sensors
        self.model_card = model_card
        self.echo = echo
        self.run: MeasuredRun | None = None
        self.result: RunResult | None = None
        self.card_path: Path | None = None
        self._output_dir: Path | None = None
        self._phase: tuple[str, AbstractContextManager[object]] | None = None
        self._steps = 0
        self._tokens = 0

    @property
    def active(self) -> bool:
        """Whether a run is being measured in this process now."""
        return self.run is not None and self.result is None

    def begin(
        self, default_name: str, local_rank: int | None, output_dir: str | Path | None
    ) -> None:
        """Start a run, unless one is open or this process is not its node's local rank 0.

        A second fit with the same callback (``trainer.train()`` again) is a second run.
        """
        if self.active or (local_rank is not None and local_rank != 0):
            return
        self.result, self.card_path, self._steps, self._tokens = None, None, 0, 0
        config = self.config or TrackerConfig.from_env()
        if self.config is None and settings.SAMPLE_INTERVAL.text(os.environ) is None:
            config = config.with_options(sample_interval_s=LIVE_SAMPLE_INTERVAL_S)
        if local_rank is not None:
            config = config.with_options(local_rank=local_rank)
        tracker = track(
            self.name or default_name,
            region=self.region,
            facility=self.facility,
            tags=self.tags,
            config=config,
            sensors=self.sensors,
        )
        self._output_dir = Path(output_dir) if output_dir is not None else None
        self.run = tracker.start()
        self.run.wait_ready(READY_TIMEOUT_S)

    def step(self, tokens: int | None = None) -> None:
        """Mark one optimizer step and the tokens it processed on this node."""
        if not self.active or self.run is None:
            return
        self._steps += 1
        self._tokens += tokens or 0
        self.run.step(tokens=tokens)

    def enter_phase(self, name: str) -> None:
        """Start phase ``name`` (ending the open one, if it is another)."""
        if not self.active or self.run is None:
            return
        if self._phase is not None and self._phase[0] == name:
            return
        self.leave_phase()
        window = self.run.phase(name)
        window.__enter__()
        self._phase = (name, window)

    def leave_phase(self) -> str | None:
        """End the open phase; returns its name (None when none was open)."""
        if self._phase is None:
            return None
        name, window = self._phase
        self._phase = None
        window.__exit__(None, None, None)
        return name

    def metrics(self) -> dict[str, float]:
        """The figures for the framework's logs, averaged from the start of the run.

        ``energy_kwh`` (so far), ``avg_power_w``, ``energy_per_step_j`` and, once tokens
        were counted, ``energy_per_token_j``, each under ``wattprint/``. Energy is read up
        to the sensors' last reading, so it lags the steps by at most a sample interval;
        before the first reading there are no figures (an empty dict), not zeros.
        """
        if not self.active or self.run is None:
            return {}
        energy_j = self.run.energy_j
        if energy_j <= 0:  # no sensor read yet: a 0 would read as a measurement
            return {}
        covered_s = self.run.measured_s  # the energy is read up to then, not up to now
        out = {"energy_kwh": energy_j / J_PER_KWH}
        if covered_s > 0:
            out["avg_power_w"] = energy_j / covered_s
        if self._steps:
            out["energy_per_step_j"] = energy_j / self._steps
        if self._tokens:
            out["energy_per_token_j"] = energy_j / self._tokens
        return {METRIC_PREFIX + k: v for k, v in out.items()}

    def end(self, status: str = "complete") -> RunResult | None:
        """Stop the run (stored by the tracker), print one line, write the model card
        (for a complete run only: a failed training has no model to describe)."""
        if not self.active or self.run is None:
            return None
        self.leave_phase()
        self.result = self.run.stop(status)
        from wattprint.integrations.closing import closing_line, write_model_card

        footprint = self.run.footprint()
        if self.model_card is not None and self._output_dir is not None and status == "complete":
            self.card_path = write_model_card(
                self._output_dir / MODEL_CARD_FILE, footprint, self.tags, self.model_card
            )
        if self.echo is not None:
            self.echo(closing_line(self.result, footprint, self.card_path))
        return self.result

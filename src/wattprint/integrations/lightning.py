"""Lightning: ``Trainer(callbacks=[WattprintCallback()])``.

Imports ``lightning.pytorch``, or ``pytorch_lightning`` where only that is installed.
The whole ``trainer.fit()`` is one run; each optimizer step is a step with the tokens of
its batches, validation (the sanity check included) is an ``eval`` phase between
``train`` phases, and ``wattprint/energy_kwh``, ``wattprint/avg_power_w``,
``wattprint/energy_per_step_j`` and ``wattprint/energy_per_token_j`` go through
``pl_module.log`` to whatever loggers the Trainer has (at its ``log_every_n_steps``).

Tokens: a batch that is a mapping with ``attention_mask`` counts its sum, else with
``input_ids`` its size; pass ``tokens_of=`` for any other batch. Under DDP only local
rank 0 measures (one run per node); its tokens are multiplied by the devices per node,
assuming an even split of the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

try:
    from lightning.pytorch import Callback, LightningModule, Trainer
except ImportError:  # the package's older name
    from pytorch_lightning import (  # type: ignore[assignment,no-redef,unused-ignore]
        Callback,
        LightningModule,
        Trainer,
    )

from wattprint.integrations.meter import TrainingMeter


class WattprintCallback(Callback):  # type: ignore[misc,unused-ignore]
    """Measure ``Trainer.fit()`` as one wattprint run; see the module docstring.

    Args:
        tokens_of: Tokens in a batch (default: from ``attention_mask`` / ``input_ids``).
        **options: Passed to :class:`~wattprint.integrations.meter.TrainingMeter`
            (``name``, ``region``, ``facility``, ``tags``, ``config``, ``sensors``,
            ``model_card``, ``echo``).
    """

    def __init__(self, *, tokens_of: Callable[[Any], int | None] | None = None, **options: Any):
        self.meter = TrainingMeter(**options)
        self.tokens_of = tokens_of or batch_tokens
        self._tokens = 0
        self._global_step = 0
        self._training = False

    def on_fit_start(self, trainer: Trainer, pl_module: LightningModule) -> None:
        output_dir = trainer.log_dir or trainer.default_root_dir
        name = f"lightning: {type(pl_module).__name__}"
        self.meter.begin(name, int(trainer.local_rank), output_dir)
        self._global_step = int(trainer.global_step)

    def on_train_start(self, trainer: Trainer, pl_module: LightningModule) -> None:
        self._training = True
        self.meter.enter_phase("train")

    def on_train_batch_end(
        self, trainer: Trainer, pl_module: LightningModule, outputs: Any, batch: Any, batch_idx: int
    ) -> None:
        if not self.meter.active:
            return
        self._tokens += (self.tokens_of(batch) or 0) * max(1, int(trainer.num_devices))
        if int(trainer.global_step) <= self._global_step:
            return  # gradient accumulation: the optimizer has not stepped yet
        self._global_step = int(trainer.global_step)
        self.meter.step(tokens=self._tokens or None)
        self._tokens = 0
        figures = self.meter.metrics()
        pl_module.log_dict(figures, on_step=True, on_epoch=False, rank_zero_only=True)

    def on_validation_start(self, trainer: Trainer, pl_module: LightningModule) -> None:
        self.meter.enter_phase("eval")

    def on_validation_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        if self._training:
            self.meter.enter_phase("train")
        else:
            self.meter.leave_phase()

    def on_train_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        self._training = False
        self.meter.leave_phase()

    def on_fit_end(self, trainer: Trainer, pl_module: LightningModule) -> None:
        self.meter.end("complete")

    def on_exception(
        self, trainer: Trainer, pl_module: LightningModule, exception: BaseException
    ) -> None:
        self.meter.end("failed")


def batch_tokens(batch: Any) -> int | None:
    """Tokens in a batch: ``attention_mask``'s sum, else ``input_ids``' size, else None."""
    if not isinstance(batch, Mapping):
        return None
    mask = batch.get("attention_mask")
    if mask is not None and hasattr(mask, "sum"):
        return int(mask.sum())
    ids = batch.get("input_ids")
    if ids is not None and hasattr(ids, "numel"):
        return int(ids.numel())
    return None

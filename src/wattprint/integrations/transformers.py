"""Hugging Face Transformers: ``Trainer(..., callbacks=[WattprintCallback()])``.

Works with ``Trainer`` and its subclasses (``Seq2SeqTrainer``, TRL's ``SFTTrainer`` ...):
the whole ``trainer.train()`` is one run, each optimizer step is a step with the tokens
it processed, evaluation is an ``eval`` phase between ``train`` phases, and every log
the Trainer writes gets ``wattprint/energy_kwh``, ``wattprint/avg_power_w``,
``wattprint/energy_per_step_j`` and ``wattprint/energy_per_token_j`` (so TensorBoard,
Weights & Biases, MLflow ... receive them through the ``report_to`` already set).

How, at the boundary with the library:

- Tokens: the Trainer counts them when ``include_num_input_tokens_seen`` is on; the
  callback turns it on (``"non_padding"``, the attention mask's sum) unless
  ``count_tokens=False``. The count is over all processes; each node's run is given
  its share (local processes / world size), assuming an even split of the batch.
- Logs: the Trainer hands every callback the same ``logs`` dict, in the order they were
  registered, and the reporting callbacks of ``report_to`` come first. So that they see
  the keys, the callback moves itself to the front of the Trainer's callback list when
  it is first called (at ``on_init_end`` or ``on_train_begin``); the Trainer's own
  ``state.log_history`` gets the keys too.
- Eval: the Trainer has no "evaluation begins" event; the phase starts at the first
  prediction step and ends at ``on_evaluate``.
- Ranks: one run per node, on local rank 0 (``args.local_process_index``); the logged
  figures are those of the node that logs (global rank 0).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from wattprint.integrations.meter import TrainingMeter


class WattprintCallback(TrainerCallback):  # type: ignore[misc,unused-ignore]
    """Measure ``Trainer.train()`` as one wattprint run; see the module docstring.

    Args:
        count_tokens: Turn on the Trainer's token count so steps carry tokens.
        **options: Passed to :class:`~wattprint.integrations.meter.TrainingMeter`
            (``name``, ``region``, ``facility``, ``tags``, ``config``, ``sensors``,
            ``model_card``, ``echo``).
    """

    def __init__(self, *, count_tokens: bool = True, **options: Any) -> None:
        self.meter = TrainingMeter(**options)
        self.count_tokens = count_tokens
        self._tokens_seen = 0
        self._share = 1.0
        self._in_eval = False

    def on_init_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        self._move_first()

    def on_train_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        self._move_first()
        if self.count_tokens and args.include_num_input_tokens_seen in ("no", False):
            current = args.include_num_input_tokens_seen
            args.include_num_input_tokens_seen = "non_padding" if isinstance(current, str) else True
        self._tokens_seen = int(state.num_input_tokens_seen or 0)
        self._share = _node_share(int(args.world_size))
        model = kw.get("model")
        default = f"transformers: {type(model).__name__}" if model is not None else "transformers"
        self.meter.begin(default, int(args.local_process_index), args.output_dir)
        self.meter.enter_phase("train")

    def on_step_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        seen = int(state.num_input_tokens_seen or 0)
        tokens = (
            round((seen - self._tokens_seen) * self._share) if seen > self._tokens_seen else None
        )
        self._tokens_seen = seen
        self.meter.step(tokens=tokens)

    def on_prediction_step(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        if not self._in_eval:
            self._in_eval = True
            self.meter.enter_phase("eval")

    def on_evaluate(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        self._in_eval = False
        self.meter.enter_phase("train")

    def on_predict(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        metrics: Any = None,
        **kw: Any,
    ) -> None:
        self.on_evaluate(args, state, control)

    def on_log(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        logs: dict[str, float] | None = None,
        **kw: Any,
    ) -> None:
        figures = self.meter.metrics()
        if not figures or logs is None:
            return
        logs.update(figures)
        if state.log_history and state.log_history[-1].get("step") == state.global_step:
            state.log_history[-1].update(figures)

    def on_train_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kw: Any
    ) -> None:
        self.meter.end("complete")

    def _move_first(self) -> None:
        """Put this callback first in the Trainer's list (see the module docstring)."""
        handler = sys._getframe(2).f_locals.get("self")  # CallbackHandler.call_event
        callbacks = getattr(handler, "callbacks", None)
        if (
            handler is None
            or not isinstance(callbacks, list)
            or not callbacks
            or callbacks[0] is self
        ):
            return
        if any(c is self for c in callbacks):  # a new list: call_event iterates the old one
            handler.callbacks = [self, *(c for c in callbacks if c is not self)]


def _node_share(world_size: int) -> float:
    """This node's share of globally counted tokens: local processes / all processes."""
    local = int(os.environ.get("LOCAL_WORLD_SIZE", "0") or 0) or world_size
    return min(1.0, local / world_size) if world_size > 0 else 1.0

"""The Hugging Face callback against the real Trainer: a tiny GPT-2 from a config, on the CPU.

Energy comes from a constant 100 W sensor (the tracker's own MockSensor), so every figure
has a hand-computable value: energy = 100 W x time, energy per token = energy per step /
tokens per step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch", reason="needs the integrations-test extra (torch)")
transformers = pytest.importorskip(
    "transformers", reason="needs the integrations-test extra (transformers)"
)

from wattprint.integrations import MODEL_CARD_FILE  # noqa: E402
from wattprint.integrations.transformers import WattprintCallback, _node_share  # noqa: E402
from wattprint.measure import MockSensor, TrackerConfig  # noqa: E402
from wattprint.store import RunStore  # noqa: E402

SEQ = 16
BATCH = 4
POWER_W = 100.0


def rows(n: int = 32) -> list[dict[str, Any]]:
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, 100, (n, SEQ), generator=generator)
    return [{"input_ids": r, "attention_mask": torch.ones_like(r), "labels": r} for r in ids]


def callback(tmp_path: Path, lines: list[str], **options: Any) -> WattprintCallback:
    config = TrackerConfig(
        db_path=str(tmp_path / "runs.db"), sample_interval_s=0.05, flush_interval_s=0.2
    )
    return WattprintCallback(
        config=config, sensors=[MockSensor("gpu0", POWER_W)], echo=lines.append, **options
    )


class Recorder(transformers.TrainerCallback):  # type: ignore[misc]
    """Stands for a report_to backend: registered before wattprint's callback."""

    def __init__(self) -> None:
        self.logs: list[dict[str, float]] = []

    def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kw: Any) -> None:
        self.logs.append(dict(logs or {}))


def test_trainer_run_is_stored_with_steps_tokens_phases_and_logged_energy(tmp_path: Path) -> None:
    torch.manual_seed(0)
    config = transformers.GPT2Config(
        n_layer=2, n_embd=32, n_head=2, vocab_size=100, n_positions=SEQ,
        bos_token_id=0, eos_token_id=0,
    )  # fmt: skip
    model = transformers.GPT2LMHeadModel(config)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "out"), max_steps=6, per_device_train_batch_size=BATCH,
        per_device_eval_batch_size=BATCH, logging_steps=2, eval_strategy="steps", eval_steps=3,
        save_strategy="no", report_to="none", use_cpu=True, disable_tqdm=True,
    )  # fmt: skip
    recorder, lines = Recorder(), []
    wattprint = callback(tmp_path, lines, tags={"training_type": "fine-tuning"})
    trainer = transformers.Trainer(
        model=model, args=args, train_dataset=rows(), eval_dataset=rows(8),
        callbacks=[recorder, wattprint],
    )  # fmt: skip
    trainer.train()

    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
        steps = store.steps(record.id)
        phases = store.phases(record.id)
    assert record.name == "transformers: GPT2LMHeadModel" and record.status == "complete"
    assert [s.tokens for s in steps] == [BATCH * SEQ] * 6  # every mask is all ones
    assert {p.name for p in phases} == {"train", "eval"}
    totals = record.totals
    assert totals["energy_j"] == pytest.approx(POWER_W * totals["duration_s"], rel=0.05)
    assert totals["energy_per_step_j"] == pytest.approx(totals["energy_j"] / 6)
    assert totals["energy_per_token_j"] == pytest.approx(totals["energy_j"] / (6 * BATCH * SEQ))

    train_logs = [log for log in recorder.logs if "loss" in log]
    assert len(train_logs) == 3  # steps 2, 4, 6
    with_keys = [log for log in train_logs if "wattprint/energy_kwh" in log]
    # the recorder, first in line, saw our keys; only a log before the sensors' first
    # reading (a loaded machine) may lack them
    assert len(with_keys) >= 2 and with_keys == train_logs[-len(with_keys) :]
    for log in with_keys:
        per_step, per_token = (
            log["wattprint/energy_per_step_j"],
            log["wattprint/energy_per_token_j"],
        )
        assert per_step / per_token == pytest.approx(BATCH * SEQ)
        assert 50.0 < log["wattprint/avg_power_w"] <= POWER_W * 1.01
        assert log["wattprint/energy_kwh"] > 0
    history = [h for h in trainer.state.log_history if "loss" in h]
    assert sum("wattprint/energy_kwh" in h for h in history) == len(with_keys)

    (line,) = lines
    assert line.startswith("wattprint: transformers: GPT2LMHeadModel ") and record.id in line
    card = (tmp_path / "out" / MODEL_CARD_FILE).read_text(encoding="utf-8")
    assert card.startswith("---\nco2_eq_emissions:\n") and "training_type: fine-tuning" in card


def test_seq2seq_trainer_is_measured_too(tmp_path: Path) -> None:
    torch.manual_seed(0)
    config = transformers.T5Config(
        vocab_size=100, d_model=16, d_kv=8, d_ff=32, num_layers=1, num_heads=2,
        decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
    )  # fmt: skip
    args = transformers.Seq2SeqTrainingArguments(
        output_dir=str(tmp_path / "out"), max_steps=3, per_device_train_batch_size=BATCH,
        logging_steps=1, save_strategy="no", report_to="none", use_cpu=True, disable_tqdm=True,
    )  # fmt: skip
    lines: list[str] = []
    trainer = transformers.Seq2SeqTrainer(
        model=transformers.T5ForConditionalGeneration(config), args=args,
        train_dataset=rows(), callbacks=[callback(tmp_path, lines, model_card=None)],
    )  # fmt: skip
    trainer.train()

    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
        assert [s.tokens for s in store.steps(record.id)] == [BATCH * SEQ] * 3
    assert record.name == "transformers: T5ForConditionalGeneration"
    assert not (tmp_path / "out" / MODEL_CARD_FILE).exists()
    assert "wattprint/energy_per_step_j" in trainer.state.log_history[-1]


@pytest.mark.parametrize(
    ("local_world", "world", "share"), [("", 1, 1.0), ("4", 8, 0.5), ("2", 2, 1.0), ("", 4, 1.0)]
)
def test_a_node_is_given_its_share_of_the_globally_counted_tokens(
    monkeypatch: pytest.MonkeyPatch, local_world: str, world: int, share: float
) -> None:
    monkeypatch.setenv("LOCAL_WORLD_SIZE", local_world)
    assert _node_share(world) == share

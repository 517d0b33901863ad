"""The Lightning callback against a real Lightning Trainer on the CPU, with a CSV logger.

A constant 100 W sensor (the tracker's MockSensor) makes the figures hand-computable.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch", reason="needs the integrations-test extra (torch)")
pl = pytest.importorskip("lightning.pytorch", reason="needs the integrations-test extra")

from lightning.pytorch.loggers import CSVLogger  # noqa: E402

from wattprint.integrations import MODEL_CARD_FILE, TrainingMeter  # noqa: E402
from wattprint.integrations.lightning import WattprintCallback, batch_tokens  # noqa: E402
from wattprint.measure import MockSensor, TrackerConfig  # noqa: E402
from wattprint.store import RunStore  # noqa: E402

pytestmark = pytest.mark.filterwarnings(
    "ignore:.*LeafSpec.*:FutureWarning",  # lightning 2.6 calling torch 2.13
    "ignore:.*(num_workers|does not have many workers).*",
)
SEQ, BATCH, ACCUMULATE, POWER_W = 16, 4, 2, 100.0


class Tiny(pl.LightningModule):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(100, 16)
        self.head = torch.nn.Linear(16, 100)

    def loss(self, batch: dict[str, Any]) -> Any:
        logits = self.head(self.embed(batch["input_ids"]))
        return torch.nn.functional.cross_entropy(logits.view(-1, 100), batch["input_ids"].view(-1))

    def training_step(self, batch: dict[str, Any], index: int) -> Any:
        loss = self.loss(batch)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch: dict[str, Any], index: int) -> None:
        self.log("val_loss", self.loss(batch))

    def configure_optimizers(self) -> Any:
        return torch.optim.SGD(self.parameters(), lr=0.1)


def loader() -> Any:
    ids = torch.randint(0, 100, (32, SEQ), generator=torch.Generator().manual_seed(0))
    data = [{"input_ids": r, "attention_mask": torch.ones_like(r)} for r in ids]
    return torch.utils.data.DataLoader(data, batch_size=BATCH)


def test_fit_is_stored_with_steps_tokens_phases_and_logged_energy(tmp_path: Path) -> None:
    lines: list[str] = []
    config = TrackerConfig(db_path=str(tmp_path / "runs.db"), sample_interval_s=0.05)
    wattprint = WattprintCallback(
        config=config, sensors=[MockSensor("gpu0", POWER_W)], echo=lines.append
    )
    trainer = pl.Trainer(
        callbacks=[wattprint], max_steps=6, accelerator="cpu", devices=1,
        logger=CSVLogger(str(tmp_path / "logs")), log_every_n_steps=2, val_check_interval=4,
        limit_val_batches=2, accumulate_grad_batches=ACCUMULATE, enable_progress_bar=False,
        enable_model_summary=False, enable_checkpointing=False,
    )  # fmt: skip
    trainer.fit(Tiny(), loader(), loader())

    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
        steps = store.steps(record.id)
        phases = store.phases(record.id)
    assert record.name == "lightning: Tiny" and record.status == "complete"
    assert [s.tokens for s in steps] == [ACCUMULATE * BATCH * SEQ] * 6  # per optimizer step
    assert {p.name for p in phases} == {"train", "eval"}
    totals = record.totals
    assert totals["energy_j"] == pytest.approx(POWER_W * totals["duration_s"], rel=0.05)
    assert totals["energy_per_token_j"] == pytest.approx(totals["energy_j"] / (6 * 128))

    with open(Path(trainer.log_dir) / "metrics.csv", encoding="utf-8") as f:
        train_rows = [r for r in csv.DictReader(f) if r.get("train_loss")]
    assert len(train_rows) == 3  # log_every_n_steps=2 over 6 optimizer steps
    logged = [r for r in train_rows if r.get("wattprint/energy_kwh")]
    assert len(logged) >= 2 and logged == train_rows[-len(logged) :]  # see the HF test
    for row in logged:
        ratio = float(row["wattprint/energy_per_step_j"]) / float(
            row["wattprint/energy_per_token_j"]
        )
        assert ratio == pytest.approx(ACCUMULATE * BATCH * SEQ, rel=1e-4)  # float32 in the logger
        assert 50.0 < float(row["wattprint/avg_power_w"]) <= POWER_W * 1.01
    (line,) = lines
    assert line.startswith("wattprint: lightning: Tiny ") and record.id in line
    assert (Path(trainer.log_dir) / MODEL_CARD_FILE).exists()


def test_a_failed_fit_is_stored_as_failed(tmp_path: Path) -> None:
    class Broken(Tiny):
        def training_step(self, batch: dict[str, Any], index: int) -> Any:
            raise RuntimeError("out of memory, say")

    config = TrackerConfig(db_path=str(tmp_path / "runs.db"), sample_interval_s=0.05)
    wattprint = WattprintCallback(config=config, sensors=[MockSensor("gpu0", POWER_W)], echo=None)
    trainer = pl.Trainer(
        callbacks=[wattprint], max_steps=2, accelerator="cpu", logger=False,
        default_root_dir=str(tmp_path),
        enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False,
    )  # fmt: skip
    with pytest.raises(RuntimeError, match="out of memory"):
        trainer.fit(Broken(), loader(), loader())
    with RunStore(tmp_path / "runs.db") as store:
        (record,) = store.list_runs()
    assert record.status == "failed"
    assert not (tmp_path / MODEL_CARD_FILE).exists()  # no card for a model that failed


@pytest.mark.parametrize(
    ("batch", "tokens"),
    [
        (
            {"input_ids": torch.zeros(2, 5), "attention_mask": torch.tensor([[1, 1, 1, 0, 0]] * 2)},
            6,
        ),
        ({"input_ids": torch.zeros(2, 5)}, 10),
        ((torch.zeros(2, 5), torch.zeros(2)), None),
        ({"pixels": torch.zeros(2, 3)}, None),
    ],
)
def test_tokens_of_a_batch(batch: Any, tokens: int | None) -> None:
    assert batch_tokens(batch) == tokens


def test_a_rank_other_than_local_zero_measures_nothing(tmp_path: Path) -> None:
    meter = TrainingMeter(
        config=TrackerConfig(db_path=str(tmp_path / "runs.db")),
        sensors=[MockSensor("gpu0", POWER_W)],
        echo=None,
    )
    meter.begin("x", local_rank=1, output_dir=tmp_path)
    meter.step(tokens=10)
    assert not meter.active and meter.metrics() == {} and meter.end() is None
    assert not (tmp_path / "runs.db").exists() and not (tmp_path / MODEL_CARD_FILE).exists()


def test_a_second_fit_with_the_same_callback_is_a_second_run(tmp_path: Path) -> None:
    meter = TrainingMeter(
        config=TrackerConfig(db_path=str(tmp_path / "runs.db"), sample_interval_s=0.05),
        sensors=[MockSensor("gpu0", POWER_W)],
        echo=None,
    )
    for tokens in (10, 20):
        meter.begin("fit", local_rank=0, output_dir=None)
        meter.step(tokens=tokens)
        result = meter.end()
        assert result is not None and result.work.token_count == tokens
    with RunStore(tmp_path / "runs.db") as store:
        assert store.count_runs() == 2

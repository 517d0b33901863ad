"""Bridges to the tools ML engineers and platform teams already use.

- :mod:`wattprint.integrations.prometheus`: Prometheus collectors (``wattprint[prometheus]``).

- :mod:`wattprint.integrations.transformers`: ``WattprintCallback`` for Hugging Face's
  ``Trainer`` (and ``Seq2SeqTrainer``, TRL's trainers: any subclass of ``Trainer``).
- :mod:`wattprint.integrations.lightning`: ``WattprintCallback`` for Lightning
  (``lightning.pytorch``, or ``pytorch_lightning`` where that is what is installed).

Each measures the whole fit as one run with :func:`wattprint.measure.track`, adds
energy, power and energy per step and per token to the framework's own logs, prints one
line at the end and writes the Hub's model-card block (``co2_eq_emissions``) next to
the checkpoints. Importing this package imports neither framework; docs/integrations.md
has a snippet for each, and for ``accelerate launch`` / ``torchrun``.
"""

from wattprint.integrations.meter import MODEL_CARD_FILE, TrainingMeter

__all__ = ["MODEL_CARD_FILE", "TrainingMeter"]

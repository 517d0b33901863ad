"""The run store: runs and what was recorded during them, in a crash-safe SQLite file.

It knows records, not sensors or scenarios. Producers write through :class:`RunStore`
(``create_run`` -> ``append_samples`` / ``append_steps`` / ``heartbeat`` ->
``finish_run``); faces read with ``get_run``, ``list_runs(RunFilter(...))`` and ``samples``.
"""

from wattprint.store.connection import default_db_path
from wattprint.store.listing import RunFilter
from wattprint.store.records import PhaseRow, RunInfo, RunRecord, SampleRow, StepRow
from wattprint.store.schema import SCHEMA_VERSION
from wattprint.store.sqlite import RunStore
from wattprint.store.table import listing_item, run_row

__all__ = [
    "PhaseRow",
    "RunFilter",
    "RunInfo",
    "RunRecord",
    "RunStore",
    "SCHEMA_VERSION",
    "SampleRow",
    "StepRow",
    "default_db_path",
    "listing_item",
    "run_row",
]

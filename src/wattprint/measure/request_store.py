"""Writing a finished run's requests to the run store (a failure is a logged warning)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from wattprint.errors import WattprintError
from wattprint.measure.config import TrackerConfig
from wattprint.measure.log import RunLog
from wattprint.measure.requests import RequestEnergy

logger = logging.getLogger(__name__)


def store_requests(
    config: TrackerConfig, run_id: str | None, log: RunLog, requests: Sequence[RequestEnergy]
) -> None:
    """Put the requests in the store the run was written to, when it was."""
    if run_id is None or not config.store or config.step_file:
        return
    from wattprint.store import RunStore
    from wattprint.store.requests import RequestRow, put_requests

    rows = [
        RequestRow(
            log.started_unix + r.start_s, r.duration_s, r.tokens_in, r.tokens_out, r.energy_j
        )
        for r in requests
    ]
    try:
        with RunStore(config.db_path) as store:
            put_requests(store, run_id, rows)
    except WattprintError as exc:
        logger.warning("wattprint: requests not stored: %s", exc)

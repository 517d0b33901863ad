"""The two things the dashboard computes on request, by calling the library: an estimate of
a scenario typed in the browser, and an audit of a claims file.

Both parse with the bounded document reader (:mod:`wattprint.documents`: no aliases,
size, depth and number length capped) and validate with the library's own functions, so
a mistake comes back as a 422 naming its field.

Each request has a CPU budget, set by the work it may ask for: an estimate draws at most
:data:`MAX_SAMPLES` samples of one scenario (about 1-2 s of one core), an audit judges at
most :data:`MAX_PASTED_CLAIMS` claims at the library's default samples (each bundled
scenario estimated once). A request asking for more is a 422 before anything runs, and
at most :data:`MAX_CONCURRENT` computations run at once: a request beyond that is a 429
at once, so a flood of posts cannot queue up unbounded work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from wattprint.chain.result import Footprint
from wattprint.errors import WattprintError
from wattprint.web.errors import WebError
from wattprint.web.inputs import MAX_SAMPLES, parse_mapping

logger = logging.getLogger(__name__)

DEFAULT_SAMPLES = 10_000
MAX_PASTED_CLAIMS = 200
MAX_CONCURRENT = 2
_RUNNING = threading.BoundedSemaphore(MAX_CONCURRENT)
T = TypeVar("T")


@contextmanager
def _budget() -> Iterator[None]:
    """Hold one of the :data:`MAX_CONCURRENT` computation slots, or answer 429 at once."""
    if not _RUNNING.acquire(blocking=False):
        raise WebError(
            429, "the dashboard is busy with other estimates; try again in a few seconds", None
        )
    try:
        yield
    finally:
        _RUNNING.release()


def _guarded(what: str, compute: Callable[[], T]) -> T:
    """Run ``compute`` in a slot; an arithmetic failure on odd values is a 422, not a 500."""
    with _budget():
        try:
            return compute()
        except WattprintError:
            raise
        except (ArithmeticError, ValueError, TypeError) as exc:  # odd values let through
            logger.warning("%s failed on input from the dashboard: %s", what, exc)
            raise WebError(422, f"cannot {what} this input: {exc}", None) from None


def estimate_text(text: str, *, samples: int = DEFAULT_SAMPLES, seed: int = 0) -> Footprint:
    """Estimate the scenario given as YAML text.

    Raises:
        InputError: Malformed YAML or an invalid scenario (its ``field`` names the place).
        WebError: ``samples`` out of range, or the estimate failed on odd values.
    """
    from wattprint.estimate import estimate, scenario_from_dict

    if not 1 <= samples <= MAX_SAMPLES:
        raise WebError(422, f"samples: expected 1 to {MAX_SAMPLES:,}; got {samples}", "samples")
    data = parse_mapping(text, "yaml")
    return _guarded(
        "estimate", lambda: estimate(scenario_from_dict(data), samples=samples, seed=seed)
    )


def audit_text(text: str, scenarios: Mapping[str, str]) -> dict[str, Any]:
    """Audit the claims file given as YAML text; its report's JSON form.

    Args:
        text: The claims file's YAML.
        scenarios: Bundled scenarios by name, the only ones a pasted claim may name.

    Raises:
        InputError: Malformed YAML or claims file (``field`` names the place).
    """
    from wattprint.report.audit_view import audit_yaml_text

    data = parse_mapping(text, "yaml")  # size, aliases, syntax: checked before the audit
    claims = data.get("claims")
    if isinstance(claims, list) and len(claims) > MAX_PASTED_CLAIMS:
        raise WebError(
            422,
            f"claims: {len(claims):,} claims are more than the dashboard audits in one request "
            f"({MAX_PASTED_CLAIMS}); run `wattprint check FILE` for a longer file",
            "claims",
        )
    return _guarded("audit", lambda: audit_yaml_text(data, text, scenarios))

"""The two things the dashboard computes on request, by calling the library: an estimate of
a scenario typed in the browser, and an audit of a claims file.

Both parse with ``yaml.safe_load`` (no aliases, size-limited) and validate with the
library's own functions, so a mistake comes back as a 422 naming its field.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from wattprint.chain.result import Footprint
from wattprint.errors import WattprintError
from wattprint.web.errors import WebError
from wattprint.web.inputs import MAX_SAMPLES, parse_mapping

logger = logging.getLogger(__name__)

DEFAULT_SAMPLES = 10_000


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
    try:
        return estimate(scenario_from_dict(data), samples=samples, seed=seed)
    except WattprintError:
        raise
    except (ArithmeticError, ValueError, TypeError) as exc:  # odd values validation let through
        logger.warning("estimate failed on a scenario from the dashboard: %s", exc)
        raise WebError(422, f"cannot estimate this scenario: {exc}", None) from None


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
    try:
        return audit_yaml_text(data, text, scenarios)
    except WattprintError:
        raise
    except (ArithmeticError, ValueError, TypeError) as exc:  # odd values validation let through
        logger.warning("audit failed on claims from the dashboard: %s", exc)
        raise WebError(422, f"cannot audit these claims: {exc}", None) from None

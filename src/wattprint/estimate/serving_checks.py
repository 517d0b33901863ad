"""What an inference scenario must give, checked all at once.

A service is sized one of three ways: (a) a request rate (``requests_per_day``, or
``tokens_per_day``) with tokens per request and the model size; (b) a fleet
(``hardware.count`` × ``days``, busy ``utilisation`` of the time); (c) a measured or
disclosed ``energy_per_token`` / ``energy_per_request`` with its ``energy_boundary``.
When something is missing the error lists every missing piece in one message.
"""

from __future__ import annotations

from typing import Any, Protocol

from wattprint.errors import ScenarioError

ACCELERATOR = "the accelerator (hardware.accelerator)"
DAYS = "how long the service runs (inference.days, e.g. 1 or '27 min')"
TOKENS = "tokens per request (inference.tokens_out, with tokens_in; or tokens_per_request)"
SIZE = (
    "the model size (inference.parameters) or a measured energy "
    "(inference.energy_per_token or energy_per_request)"
)
FLEET = "a request rate (inference.requests_per_day) or a fleet size (hardware.count)"


class Given(Protocol):
    """What the checks read from a scenario."""

    @property
    def raw(self) -> dict[str, Any]: ...  # noqa: D102

    def has(self, field_path: str) -> bool: ...  # noqa: D102


def check_inference(s: Given) -> None:
    """Raise one ScenarioError naming everything an inference scenario lacks."""
    if "training" in s.raw:
        raise ScenarioError(
            "an inference scenario has no training section",
            field="training",
            hint="set kind: inference, or remove the section",
        )
    if "inference" not in s.raw:
        raise ScenarioError("kind: inference needs an inference section", field="inference")
    _check_conflicts(s)
    missing = missing_for(s)
    if missing:
        what = "a per-request energy" if s.has("inference.requests_per_day") else "an estimate"
        raise ScenarioError(
            f"{what} needs: " + "; ".join(missing),
            field="inference",
            hint="see examples/llama3-70b-chat.yaml and docs/scenario.md (inference)",
        )


def missing_for(s: Given) -> list[str]:
    """The pieces an inference scenario still needs, in reading order."""
    missing: list[str] = []
    if not s.has("hardware.accelerator"):
        missing.append(ACCELERATOR)
    if not s.has("inference.days"):
        missing.append(DAYS)
    traffic = s.has("inference.requests_per_day") or s.has("inference.tokens_per_day")
    measured = s.has("inference.energy_per_token") or s.has("inference.energy_per_request")
    if not traffic:
        if not s.has("hardware.count"):
            missing.append(FLEET)
        if s.has("inference.energy_per_request") or s.has("inference.energy_per_token"):
            missing.append("requests_per_day or tokens_per_day (a measured energy is per unit)")
        return missing
    tokens = s.has("inference.tokens_out") or s.has("inference.tokens_per_request")
    per_request = s.has("inference.energy_per_request")
    fleet = s.has("hardware.count")
    if s.has("inference.requests_per_day") and not (tokens or per_request or fleet):
        missing.append(TOKENS)
    if not (measured or s.has("inference.parameters") or s.has("hardware.count")):
        missing.append(SIZE)
    return missing


def _check_conflicts(s: Given) -> None:
    if s.has("inference.requests_per_day") and s.has("inference.tokens_per_day"):
        raise ScenarioError(
            "give exactly one way of sizing the traffic",
            field="inference",
            expected="requests_per_day (with tokens per request), or tokens_per_day",
        )
    if s.has("inference.tokens_per_request") and (
        s.has("inference.tokens_in") or s.has("inference.tokens_out")
    ):
        raise ScenarioError(
            "tokens_per_request and tokens_in/tokens_out say the same thing twice",
            field="inference.tokens_per_request",
            expected="either tokens_per_request, or tokens_in with tokens_out",
        )
    if s.has("inference.energy_per_token") and s.has("inference.energy_per_request"):
        raise ScenarioError(
            "two measured energies at once",
            field="inference.energy_per_request",
            expected="energy_per_token or energy_per_request",
        )

"""Claims audits (``wattprint check``): recompute published figures and judge them.

:func:`audit_file` reads a claims file (format: :mod:`wattprint.audit.claims`,
``docs/claims.md``), recomputes each claim from a scenario or a safe formula, and
judges it ``holds``, ``off`` (by ×N), ``unit_slip`` (within 5 % of a power of ten) or
``off_by_orders``, with explanations in English and Chinese.
"""

from wattprint.audit.claims import Claim, ClaimsFile, load_claims
from wattprint.audit.render import render_text
from wattprint.audit.run import AuditReport, ClaimResult, audit_file
from wattprint.audit.verdict import VERDICTS, Judgement

__all__ = [
    "VERDICTS",
    "AuditReport",
    "Claim",
    "ClaimResult",
    "ClaimsFile",
    "Judgement",
    "audit_file",
    "load_claims",
    "render_text",
]

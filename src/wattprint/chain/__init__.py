"""The footprint chain: pure, vectorised functions from energy to facility energy, carbon,
water, heat and grid load, and the one result type both producers return.
"""

from wattprint.chain.result import SCHEMA_VERSION, Footprint, OutputSummary, summarise
from wattprint.chain.run import STAGES, run_chain
from wattprint.chain.state import ChainState, Output, Stage, Value

__all__ = [
    "SCHEMA_VERSION",
    "STAGES",
    "ChainState",
    "Footprint",
    "Output",
    "OutputSummary",
    "Stage",
    "Value",
    "run_chain",
    "summarise",
]

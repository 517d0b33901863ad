"""The local dashboard (``wattprint serve``): FastAPI over the run store.

Importing this package loads FastAPI; ``import wattprint`` never does.
"""

from wattprint.web.app import create_app

__all__ = ["create_app"]

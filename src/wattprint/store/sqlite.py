"""RunStore: runs, samples, steps and phases in one crash-safe SQLite file.

Every append is one WAL transaction (or a spool line, which reads move in first), so a
producer killed mid-run leaves every flushed row and the run reads as ``"incomplete"``.
Several processes may write at once: writers queue on SQLite's lock (timeout 10 s).

The class is assembled from its halves: :class:`~.write_api.WriteApi` (what producers
call), :class:`~.read_api.ReadApi` (what faces call), both on :class:`~.handle.StoreHandle`
(the open file).
"""

from __future__ import annotations

from types import TracebackType

from wattprint.store.read_api import ReadApi
from wattprint.store.write_api import WriteApi


class RunStore(WriteApi, ReadApi):
    """The run store: one SQLite file of runs and what was recorded during them.

    Safe to share between threads; each process opens its own. Use as a context manager
    or call :meth:`close`.

    Example:
        >>> with RunStore(tmp_path / "runs.db") as store:  # doctest: +SKIP
        ...     run_id = store.create_run(info)
        ...     store.append_samples(run_id, rows)
    """

    def __enter__(self) -> RunStore:
        """Use the store in a ``with`` block; it is closed at the end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """``RunStore('/path/to/runs.db')`` or ``RunStore('postgresql://user@host/db')``."""
        return f"RunStore({self.location!r})"

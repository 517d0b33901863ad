"""The seam between the run store's SQL and its two backends, SQLite and PostgreSQL.

:mod:`.writes`, :mod:`.reads`, :mod:`.listing` and :mod:`.spool` write one SQL text, in
SQLite's spelling, against the :class:`Sql` protocol that an ``sqlite3.Connection``
already satisfies. A PostgreSQL connection (:mod:`.pg_connection`) satisfies it through
:func:`to_postgres`, which respells the few places where the two differ:

========================  ==========================================  ==============
SQLite                    PostgreSQL                                  where
========================  ==========================================  ==============
``?``                     ``%s`` (a literal ``%`` doubled)            everywhere
``INSERT OR IGNORE``      ``INSERT ... ON CONFLICT DO NOTHING``       spool ingest
``max(a, b)`` (scalar)    ``GREATEST(a, b)``                          spool heartbeat
``x GLOB ?``              ``x ~ wattprint_glob(?)`` (a schema function)  name filter
``LIMIT ?`` with ``-1``   ``LIMIT NULLIF(?, -1)``                     listing
``json_extract(c, '$.a.b')``  ``(c::jsonb #>> '{a,b}')::double precision``  sort by energy
========================  ==========================================  ==============

Upserts (``ON CONFLICT (...) DO UPDATE SET ... = excluded...``) are spelled alike in both.
PRAGMAs, the schema and its migrations are each backend's own (:mod:`.schema`,
:mod:`.pg_schema`). Statements the store writes never hold ``?`` inside a quoted literal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol


class Cursor(Protocol):
    """What the store reads from an executed statement."""

    @property
    def rowcount(self) -> int:
        """Rows the statement changed (``-1`` when unknown)."""

    def fetchone(self) -> Any:
        """The next row, or None."""

    def fetchall(self) -> list[Any]:
        """The remaining rows."""

    def __iter__(self) -> Iterator[Any]:
        """The remaining rows, one at a time."""


class Sql(Protocol):
    """A connection inside a transaction, as the store's SQL functions use it."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor:
        """Run one statement (SQLite spelling) with ``?`` parameters."""

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        """Run one statement once per parameter row."""


class Transactions(Protocol):
    """An open store's transactions (either backend's connection)."""

    def read(self) -> AbstractContextManager[Sql]:
        """One read transaction."""

    def write(self) -> AbstractContextManager[Sql]:
        """One write transaction."""


_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.IGNORECASE)
_SCALAR_MAX = re.compile(r"\bmax\((?=coalesce\()", re.IGNORECASE)
_GLOB = re.compile(r"\bGLOB \?")
_LIMIT = re.compile(r"\bLIMIT \?")
_JSON_NUMBER = re.compile(r"json_extract\((\w+), '\$\.([\w.]+)'\)")


def _json_number(match: re.Match[str]) -> str:
    path = ",".join(match.group(2).split("."))
    return f"(({match.group(1)})::jsonb #>> '{{{path}}}')::double precision"


@functools.lru_cache(maxsize=256)
def to_postgres(sql: str) -> str:
    """Respell one statement of the store's SQLite SQL for PostgreSQL (cached)."""
    text = sql.replace("%", "%%")
    ignore = _INSERT_OR_IGNORE.match(text) is not None
    if ignore:
        text = _INSERT_OR_IGNORE.sub("INSERT INTO", text, count=1) + " ON CONFLICT DO NOTHING"
    text = _SCALAR_MAX.sub("GREATEST(", text)
    text = _GLOB.sub("~ wattprint_glob(?)", text)
    text = _LIMIT.sub("LIMIT NULLIF(?, -1)", text)
    text = _JSON_NUMBER.sub(_json_number, text)
    return text.replace("?", "%s")

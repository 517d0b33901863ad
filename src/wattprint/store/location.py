"""Where a run store lives: a local SQLite file, or a PostgreSQL server given by URL.

``--db`` and ``WATTPRINT_DB`` take either. A value with a URL scheme is never taken as a
file path (``postgresql://user@host/db`` once made a local folder named ``postgresql:``):
a PostgreSQL scheme selects the server store, any other scheme is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from wattprint.errors import StoreError

PG_SCHEMES = ("postgresql", "postgres")
# A scheme of two or more letters (one letter is a Windows drive, "C:\...") and a slash;
# a Path collapses "//" to "/", so a URL that went through Path still matches.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/")


@dataclass(frozen=True)
class ServerUrl:
    """A PostgreSQL store's connection URL.

    Attributes:
        url: The URL as psycopg takes it (``postgresql://user:secret@host:5432/db``).
    """

    url: str

    @property
    def shown(self) -> str:
        """The URL with any password replaced by ``***``, for messages and listings."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))

    def spool_base(self) -> Path:
        """The local stand-in file whose ``-spool`` folder holds this node's spool files:
        the user cache dir, keyed by the URL without its password."""
        key = hashlib.sha256(self.shown.encode()).hexdigest()[:16]
        return Path(platformdirs.user_cache_dir("wattprint")) / "server-spool" / key / "runs.db"


def parse_location(value: str | os.PathLike[str]) -> Path | ServerUrl:
    """A file path, or the server URL that ``value`` names.

    Raises:
        StoreError: ``value`` has a URL scheme other than ``postgresql://``.
    """
    text = os.fspath(value)
    match = _SCHEME.match(text)
    if match is None:
        return Path(text).expanduser()
    scheme = match.group(1).lower()
    if scheme not in PG_SCHEMES:
        raise StoreError(
            f"run store {text!r} has the URL scheme {scheme!r}, which wattprint cannot store "
            "runs in; expected a file path (runs.db) or postgresql://user@host/db"
        )
    if not text[match.end() :].startswith("/"):  # collapsed by Path: restore the "//"
        text = text[: match.end()] + "/" + text[match.end() :]
    return ServerUrl(text)


def store_exists(value: str | os.PathLike[str]) -> bool:
    """Whether there is a store to read at ``value``: a server always counts (its tables
    are made on first use); a file must exist already.

    Raises:
        StoreError: ``value`` has a URL scheme other than PostgreSQL's.
    """
    where = parse_location(value)
    return isinstance(where, ServerUrl) or where.exists()


def shown_location(value: str | os.PathLike[str]) -> str:
    """``value`` as messages show it: a path, or a URL without its password."""
    where = parse_location(value)
    return where.shown if isinstance(where, ServerUrl) else str(where)

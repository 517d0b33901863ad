"""The one exception tree of wattprint.

Every error a user can cause says what was given, where, what was expected and what to
try. Concrete errors also subclass the matching builtin so callers can catch either::

    WattprintError
    ├── InputError (ValueError)        bad scenario, claims file, unit or value
    │   ├── ScenarioError
    │   └── ClaimsError
    ├── CatalogLookupError (LookupError)   unknown accelerator, region, facility ...
    ├── StoreError (RuntimeError)      run store cannot be opened / run not found
    ├── SensorError (RuntimeError)     a sensor failed (never reaches user code from a tracker)
    └── MissingExtraError (ImportError)  an optional feature's packages are not installed
"""

from __future__ import annotations

from collections.abc import Sequence


class WattprintError(Exception):
    """Base class of every error wattprint raises on purpose."""


class InputError(ValueError, WattprintError):
    """A value a person wrote is not usable.

    Attributes name the place (``path``, ``line``, ``field``), the value given (``got``),
    what was expected and a hint; ``str()`` builds one readable message from them.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        got: object = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.field = field
        self.got = got
        self.expected = expected
        self.hint = hint
        super().__init__(str(self))

    def located(self, *, path: str | None = None, line: int | None = None) -> InputError:
        """Return a copy of this error with a file path (and line) filled in."""
        return type(self)(
            self.message,
            path=self.path or path,
            line=self.line if self.line is not None else line,
            field=self.field,
            got=self.got,
            expected=self.expected,
            hint=self.hint,
        )

    def with_field_prefix(self, prefix: str) -> InputError:
        """Return a copy whose field path is prefixed (``hardware`` + ``count``)."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return type(self)(
            self.message,
            path=self.path,
            line=self.line,
            field=field,
            got=self.got,
            expected=self.expected,
            hint=self.hint,
        )

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line is not None else "")
        if self.field:
            where = f"{where}: {self.field}" if where else self.field
        parts = [f"{where}: {self.message}" if where else self.message]
        if self.got is not None:
            parts.append(f"got {self.got!r}")
        if self.expected:
            parts.append(f"expected {self.expected}")
        text = "; ".join(parts)
        if self.hint:
            text += f". {self.hint}"
        return text


class ScenarioError(InputError):
    """A scenario file or value is malformed."""


class ClaimsError(InputError):
    """A claims file for ``wattprint check`` is malformed."""


_LISTINGS = {"accelerator": "accelerators", "grid": "grids", "facility": "facilities"}


class CatalogLookupError(LookupError, WattprintError):
    """A name was not found in a catalog; carries the nearest matches."""

    def __init__(self, table: str, name: str, suggestions: Sequence[str] = ()) -> None:
        self.table = table
        self.name = name
        self.suggestions = list(suggestions)
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"unknown {self.table} {self.name!r}"
        if self.suggestions:
            text += "; did you mean " + " or ".join(self.suggestions[:3]) + "?"
        listing = _LISTINGS.get(self.table)
        return text + (f" (list them with: wattprint data {listing})" if listing else "")


class StoreError(RuntimeError, WattprintError):
    """The run store cannot do what was asked (missing run, unreadable file)."""


class SensorError(RuntimeError, WattprintError):
    """A sensor could not be read; trackers drop the sensor and report it."""


class MissingExtraError(ImportError, WattprintError):
    """A part of wattprint needs an optional extra whose packages are not installed.

    ``str()`` is one line naming the packages and the command that installs them.
    """

    def __init__(self, extra: str, what: str, missing: Sequence[str]) -> None:
        self.extra = extra
        self.what = what
        self.missing = list(missing)
        super().__init__(str(self))

    def __str__(self) -> str:
        return (
            f"{self.what} needs the '{self.extra}' extra ({', '.join(self.missing)} not "
            f"installed); install it with: pip install 'wattprint[{self.extra}]'"
        )


def require_extra(extra: str, *modules: str, what: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` can be imported.

    Looks the modules up without importing them (``importlib.util.find_spec``).
    """
    from importlib.util import find_spec

    missing = [name for name in modules if find_spec(name) is None]
    if missing:
        raise MissingExtraError(extra, what, missing)

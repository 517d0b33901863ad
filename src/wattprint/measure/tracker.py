"""``track()``: measure a block of code or a function, in the process that runs it.

::

    from wattprint.measure import track

    with track(name="finetune", region="US") as run:
        for batch in loader:
            train_step(batch)
            run.step(tokens=batch.tokens)
        with run.phase("eval"):
            evaluate()
    print(run.result.energy_j, run.footprint()["carbon_total"].p50)

    @track(name="inference")          # each call one run; answer.last_run is the latest
    def answer(prompt): ...

    @track("batch", per_call=False)    # all calls one run, each call a step
    def embed(text): ...
    embed.finish()                     # ends it (else at interpreter exit)

``track()`` returns at once: sensors are probed in a background thread, which then
samples them, flushes to the run store every few seconds and finishes the run when the
block ends. No exception of a sensor or of the store reaches your code; failures are
in ``run.result.sensors`` and ``run.result.warnings``. The library installs no signal
handler or lock file and opens no network connection; its one atexit hook ends a
decorator's aggregated run (``per_call=False``) that ``finish()`` did not. After a run
ends, one non-daemon worker thread makes and stores its footprint, so an interpreter
exiting right after a run waits for that (NumPy's import and the Monte Carlo, about
0.1-0.5 s).
"""

from __future__ import annotations

import atexit
import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar, cast, overload

from wattprint.errors import InputError
from wattprint.measure.config import TrackerConfig
from wattprint.measure.measured_run import MeasuredRun
from wattprint.measure.result import RunResult
from wattprint.measure.sensor import Sensor

F = TypeVar("F", bound=Callable[..., Any])


class Tracker:
    """What :func:`track` returns: a context manager and a decorator.

    Each ``with`` block or call of a decorated function is one run;
    :attr:`last_run` is the most recent.
    """

    def __init__(
        self,
        name: str | None,
        config: TrackerConfig,
        sensors: Sequence[Sensor] | None = None,
        tags: Mapping[str, str] | None = None,
        per_call: bool = True,
    ) -> None:
        self.name = name
        self.config = config
        self.sensors = sensors
        self.tags = dict(tags or {})
        self.per_call = per_call
        self.last_run: MeasuredRun | None = None
        self._open: list[MeasuredRun] = []
        self._calls: MeasuredRun | None = None  # the aggregated run (per_call=False)
        self._lock = threading.Lock()

    def start(
        self, *, name: str | None = None, command: Sequence[str] | None = None
    ) -> MeasuredRun:
        """Start a run without a ``with`` block; end it with ``run.stop()``."""
        run = MeasuredRun(
            name or self.name or "run",
            self.config,
            sensors=self.sensors,
            tags=self.tags,
            command=command,
        )
        self.last_run = run
        return run.start()

    def __enter__(self) -> MeasuredRun:
        run = self.start()
        self._open.append(run)
        return run

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        run = self._open.pop()
        run.stop("failed" if exc_type is not None else "complete")

    def __call__(self, func: F) -> F:
        """Measure calls of ``func``: each call one run, or all calls one run.

        The wrapper has ``last_run`` (the latest :class:`MeasuredRun`) and ``finish()``
        (ends an aggregated run and returns its result). With ``per_call=False`` the
        first call starts one run, each call is one of its steps (about a microsecond of
        overhead per call) and the run ends at ``finish()`` or at interpreter exit.
        """
        name = self.name or func.__qualname__
        wrapper = self._per_call(func, name) if self.per_call else self._aggregated(func, name)
        functools.update_wrapper(wrapper, func)
        wrapper.last_run = None  # type: ignore[attr-defined]
        wrapper.finish = self.finish  # type: ignore[attr-defined]
        return cast(F, wrapper)

    def _per_call(self, func: Callable[..., Any], name: str) -> Callable[..., Any]:
        def measured(*args: Any, **kwargs: Any) -> Any:
            run = self.start(name=name)
            measured.last_run = run  # type: ignore[attr-defined]
            try:
                value = func(*args, **kwargs)
            except BaseException:
                run.stop("failed")
                raise
            run.stop("complete")
            return value

        return measured

    def _aggregated(self, func: Callable[..., Any], name: str) -> Callable[..., Any]:
        def measured(*args: Any, **kwargs: Any) -> Any:
            run = self._calls
            if run is None:
                run = self._start_aggregate(name)
                measured.last_run = run  # type: ignore[attr-defined]
            try:
                return func(*args, **kwargs)
            finally:
                run.step()

        return measured

    def _start_aggregate(self, name: str) -> MeasuredRun:
        with self._lock:
            if self._calls is None:
                self._calls = self.start(name=name)
                atexit.register(self.finish)
            return self._calls

    def finish(self) -> RunResult | None:
        """End the run that aggregates a decorated function's calls (``per_call=False``);
        its result, or None when no call was made since the last ``finish``."""
        with self._lock:
            run, self._calls = self._calls, None
        if run is None:
            return None
        atexit.unregister(self.finish)
        return run.stop("complete")


@overload
def track(name: F) -> F: ...


@overload
def track(
    name: str | None = None,
    *,
    region: str | None = None,
    facility: str | None = None,
    tags: Mapping[str, str] | None = None,
    config: TrackerConfig | None = None,
    sensors: Sequence[Sensor] | None = None,
    per_call: bool = True,
) -> Tracker: ...


def track(
    name: str | Callable[..., Any] | None = None,
    *,
    region: str | None = None,
    facility: str | None = None,
    tags: Mapping[str, str] | None = None,
    config: TrackerConfig | None = None,
    sensors: Sequence[Sensor] | None = None,
    per_call: bool = True,
) -> Any:
    """Measure the energy (and so the footprint) of a block of code or a function.

    Args:
        name: Run name (a decorated function's name by default).
        region: Grid region for carbon (``"US"``, ``"CN"``, ``"DE"`` ...); without one the
            footprint uses the world average and says so.
        facility: Facility profile for PUE and water (default ``"workstation"``, PUE 1).
        tags: Labels stored with the run.
        config: All other options (:class:`TrackerConfig`); default
            ``TrackerConfig.from_env()``.
        sensors: Use these sensors instead of probing the machine (tests, replay).
        per_call: As a decorator, measure each call as one run (True), or all calls as
            one run whose steps are the calls (False; ``fn.finish()`` ends it).

    Returns:
        A :class:`Tracker`: use it as ``with track(...) as run`` or ``@track(...)``;
        ``@track`` on a function directly measures each of its calls.

    Raises:
        InputError: A ``WATTPRINT_*`` environment variable holds an unusable value, or a
            tag key is empty or holds ``=``.
    """
    if callable(name):  # @track without parentheses
        return track()(name)
    _check_tags(tags)
    base = config if config is not None else TrackerConfig.from_env()
    changes = {k: v for k, v in (("region", region), ("facility", facility)) if v is not None}
    config = base.with_options(**changes) if changes else base
    return Tracker(name, config, sensors, tags, per_call)


def _check_tags(tags: Mapping[str, str] | None) -> None:
    """A tag the store cannot keep is an error now, never a run lost at its start."""
    for key, value in (tags or {}).items():
        if not isinstance(key, str) or not key.strip() or "=" in key:
            raise InputError(
                "a tag key must be a non-empty string without '=' (tags are filtered as key=value)",
                field="tags",
                got=key,
                hint="rename the key, e.g. 'lr_0.1' instead of 'lr=0.1'",
            )
        if not isinstance(value, str):
            raise InputError(
                f"tag {key!r} must have a string value", field="tags", got=value,
                hint=f"pass str(value), e.g. tags={{{key!r}: {str(value)!r}}}",
            )  # fmt: skip

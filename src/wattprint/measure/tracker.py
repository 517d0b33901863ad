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

    @track(name="inference")
    def answer(prompt): ...

``track()`` returns at once: sensors are probed in a background thread, which then
samples them, flushes to the run store every few seconds and finishes the run when the
block ends. No exception of a sensor or of the store reaches your code; failures are
in ``run.result.sensors`` and ``run.result.warnings``. The library installs no signal
handler, atexit hook or lock file and opens no network connection; after a run ends,
one non-daemon worker thread makes and stores its footprint, so an interpreter exiting
right after a run waits for that (NumPy's import and the Monte Carlo, about 0.1-0.5 s).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

from wattprint.measure.config import TrackerConfig
from wattprint.measure.measured_run import MeasuredRun
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
    ) -> None:
        self.name = name
        self.config = config
        self.sensors = sensors
        self.tags = dict(tags or {})
        self.last_run: MeasuredRun | None = None
        self._open: list[MeasuredRun] = []

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
        """Measure every call of ``func`` as one run (named after it unless named)."""

        @functools.wraps(func)
        def measured(*args: Any, **kwargs: Any) -> Any:
            run = self.start(name=self.name or func.__qualname__)
            try:
                value = func(*args, **kwargs)
            except BaseException:
                run.stop("failed")
                raise
            run.stop("complete")
            return value

        return measured  # type: ignore[return-value]


def track(
    name: str | None = None,
    *,
    region: str | None = None,
    facility: str | None = None,
    tags: Mapping[str, str] | None = None,
    config: TrackerConfig | None = None,
    sensors: Sequence[Sensor] | None = None,
) -> Tracker:
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

    Returns:
        A :class:`Tracker`: use it as ``with track(...) as run`` or ``@track(...)``.

    Raises:
        InputError: A ``WATTPRINT_*`` environment variable holds an unusable value.
    """
    base = config if config is not None else TrackerConfig.from_env()
    changes = {k: v for k, v in (("region", region), ("facility", facility)) if v is not None}
    return Tracker(name, base.with_options(**changes) if changes else base, sensors, tags)

"""The SQL of reading a run's rows back: samples, steps and phases, oldest first."""

from __future__ import annotations

from wattprint.store.dialect import Sql
from wattprint.store.downsample import SAMPLE_COLUMNS, device_series, to_sample
from wattprint.store.records import PhaseRow, SampleRow, StepRow


def read_samples(
    conn: Sql, rk: int, *, device: str | None, max_points: int | None
) -> list[SampleRow]:
    """Samples of run ``rk`` sorted by time, optionally one device, optionally downsampled."""
    if max_points is None:
        if device is None:
            where: tuple[str, tuple[object, ...]] = ("rk = ?", (rk,))
        else:
            where = ("rk = ? AND device = ?", (rk, device))
        rows = conn.execute(
            f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE {where[0]} ORDER BY t, n", where[1]
        ).fetchall()
    else:
        devices = [device] if device is not None else device_names(conn, rk)
        rows = [r for d in devices for r in device_series(conn, rk, d, max_points)]
        rows.sort(key=lambda r: (r[0], r[1]))
    return [to_sample(r) for r in rows]


def device_names(conn: Sql, rk: int) -> list[str]:
    """Devices that have samples in run ``rk``, sorted."""
    # Skip-scan the (rk, device, t, n) key: one seek per device instead of a full read.
    names: list[str] = []
    row = conn.execute("SELECT MIN(device) FROM samples WHERE rk = ?", (rk,)).fetchone()
    while row is not None and row[0] is not None:
        names.append(str(row[0]))
        row = conn.execute(
            "SELECT MIN(device) FROM samples WHERE rk = ? AND device > ?", (rk, names[-1])
        ).fetchone()
    return names


def read_steps(conn: Sql, rk: int) -> list[StepRow]:
    """Steps of run ``rk`` in the order they were appended."""
    rows = conn.execute(
        "SELECT t, step, tokens, samples, phase FROM steps WHERE rk = ? ORDER BY n", (rk,)
    ).fetchall()
    return [StepRow(t=t, step=s, tokens=k, samples=m, phase=p) for t, s, k, m, p in rows]


def read_phases(conn: Sql, rk: int) -> list[PhaseRow]:
    """Phases of run ``rk`` by start time."""
    rows = conn.execute(
        "SELECT name, start_t, end_t, energy_j FROM phases WHERE rk = ? ORDER BY start_t, name",
        (rk,),
    ).fetchall()
    return [PhaseRow(name=n, start_t=s, end_t=e, energy_j=j) for n, s, e, j in rows]

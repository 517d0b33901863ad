"""Server-side downsampling of a device's samples: min-max per time bucket.

Each device's time span is cut into equal buckets; from each bucket the sample with the
lowest and the one with the highest value are kept (power, or cumulative energy where a
sensor gives no power), plus the device's first and last sample. The shape of the curve
(its peaks and dips) survives and every returned row is a stored row. SQLite does the
scan; Python only sees the kept rows.
"""

from __future__ import annotations

from typing import Any

from wattprint.store.dialect import Sql
from wattprint.store.records import SampleRow

_VALUE = "COALESCE(power_w, energy_j, 0.0)"
SAMPLE_COLUMNS = "t, n, device, power_w, energy_j, method"


def device_series(conn: Sql, rk: int, device: str, max_points: int) -> list[tuple[Any, ...]]:
    """At most ``max_points`` rows ``(t, n, device, power_w, energy_j, method)`` of a device.

    Args:
        conn: Open connection.
        rk: Internal run key.
        device: Device name.
        max_points: Most rows to return (at least 1).

    Returns:
        Rows sorted by time; all the device's rows when there are few enough.
    """
    count = conn.execute(
        "SELECT COUNT(*) FROM samples WHERE rk = ? AND device = ?", (rk, device)
    ).fetchone()[0]
    if count <= max_points:
        return conn.execute(
            f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE rk = ? AND device = ? ORDER BY t, n",
            (rk, device),
        ).fetchall()
    first, last = (
        conn.execute(
            f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE rk = ? AND device = ? "
            f"ORDER BY t {order}, n {order} LIMIT 1",
            (rk, device),
        ).fetchone()
        for order in ("ASC", "DESC")
    )
    keep_ends = max_points >= 4
    buckets = max(1, (max_points - (2 if keep_ends else 0)) // 2)
    orders = ("DESC",) if max_points == 1 else ("ASC", "DESC")
    kept: dict[int, tuple[Any, ...]] = {}
    if keep_ends:
        kept = {first[1]: first, last[1]: last}
    width = (last[0] - first[0]) / buckets
    for b in range(buckets):
        # Range reads on the (rk, device, t) key: no sort, each row visited once.
        low = first[0] + b * width
        upper = "AND t < ?" if b < buckets - 1 else "AND ? IS NOT NULL"
        for order in orders:
            row = conn.execute(
                f"SELECT {SAMPLE_COLUMNS} FROM samples "
                f"WHERE rk = ? AND device = ? AND t >= ? {upper} "
                f"ORDER BY {_VALUE} {order}, t, n LIMIT 1",
                (rk, device, low, first[0] + (b + 1) * width),
            ).fetchone()
            if row is not None:
                kept[row[1]] = row[:6]
    return sorted(kept.values(), key=lambda r: (r[0], r[1]))[:max_points]


def to_sample(row: tuple[Any, ...]) -> SampleRow:
    """SampleRow from a ``(t, n, device, power_w, energy_j, method)`` row."""
    return SampleRow(t=row[0], device=row[2], power_w=row[3], energy_j=row[4], method=row[5])

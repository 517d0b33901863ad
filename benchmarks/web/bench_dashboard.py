"""How fast is the dashboard over a big run store? (issue 5, item 5).

Run from the repository root::

    .venv/bin/python benchmarks/web/bench_dashboard.py             # markdown on stdout
    .venv/bin/python benchmarks/web/bench_dashboard.py --db /tmp/bench.db --keep --browser

Builds a real SQLite run store (or reuses ``--db`` when it already holds the runs) with
``--runs`` finished runs (10,000; each with tags and a real footprint from ``estimate()``)
and one run with ``--samples`` samples (1,000,000: 4 devices x 250,000, with steps and
phases); serves the real app with uvicorn on loopback and times HTTP requests with an
httpx client (median of ``--repeat`` after two unrecorded warm-up requests):

- the runs list: the HTML page and ``/api/runs`` (50 rows of 10,000), sorted by name,
  filtered by tag and by name glob, and the last page;
- the big run: ``/api/runs/{id}/power`` (the store downsamples each device to 2,000
  points, min and max per time bucket), the run's HTML page, and ``/samples``.

With ``--browser`` (needs Debian's chromium + chromium-driver) it also opens the big run's
page in headless Chromium and times navigation start -> power chart drawn (plotly's SVG
in the page and one animation frame after), first load and warm loads.

Targets (issue 5): runs list with 10,000 runs ≤ 200 ms; a run with 1,000,000 samples
drawn (downsampled on the server) ≤ 1 s. Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEVICES = ("gpu0", "gpu1", "gpu2", "cpu-package0")
BIG_NAME = "bench-1m-samples"
LIST_TARGET_MS = 200.0
DRAW_TARGET_MS = 1000.0


def build_store(path: Path, runs: int, samples: int) -> str:
    """Fill ``path`` with ``runs`` small runs and one big run; return the big run's id."""
    import math

    from wattprint.estimate import estimate
    from wattprint.examples import example_path
    from wattprint.store import PhaseRow, RunFilter, RunInfo, RunStore, SampleRow, StepRow

    with RunStore(path) as store:
        found = store.list_runs(RunFilter(name=BIG_NAME), limit=1)
        if found and store.count_runs() >= runs + 1:
            return found[0].id
        footprint = estimate(example_path("gpt4-press"), samples=2000).to_dict()
        start0 = time.time() - 365 * 86400
        t0 = time.perf_counter()
        for i in range(runs):
            started = start0 + i * 3000.0
            tags = {"team": f"t{i % 10}", "i": str(i)}
            info = RunInfo(name=f"run-{i:05d}", kind="measurement", started_at=started,
                           host="bench", pid=1, tags=tags)  # fmt: skip
            run_id = store.create_run(info)
            store.finish_run(run_id, ended_at=started + 600, status="complete",
                             totals={"duration_s": 600.0}, footprint=footprint)  # fmt: skip
        print(f"# {runs:,} runs written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        per_device = samples // len(DEVICES)
        started = time.time() - per_device * 0.1
        big = store.create_run(RunInfo(name=BIG_NAME, kind="measurement", started_at=started,
                                       host="bench", pid=1))  # fmt: skip
        t0 = time.perf_counter()
        chunk = 50_000
        for first in range(0, per_device, chunk):
            rows = [
                SampleRow(started + k * 0.1, device, 250 + 150 * math.sin(k / 500 + j), None,
                          "counter")
                for k in range(first, min(first + chunk, per_device))
                for j, device in enumerate(DEVICES)
            ]  # fmt: skip
            store.append_samples(big, rows)
        steps = [StepRow(started + k * 5.0, k, 4096, 8, "train") for k in range(per_device // 50)]
        store.append_steps(big, steps)
        end = started + per_device * 0.1
        store.put_phase(big, PhaseRow("warmup", started, started + 600, None))
        store.put_phase(big, PhaseRow("train", started + 600, end - 1200, None))
        store.put_phase(big, PhaseRow("eval", end - 1200, end, None))
        store.finish_run(big, ended_at=end, status="complete", footprint=footprint)
        print(f"# {samples:,} samples written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        return big


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """The real app under uvicorn on a free loopback port."""
    import uvicorn

    from wattprint.web import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def median_ms(call: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``call`` in ms, after two unrecorded calls."""
    for _ in range(2):
        call()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def http_rows(base: str, big: str, repeat: int) -> list[tuple[str, float, str]]:
    """(what, median ms, target) for each timed request."""
    import httpx

    cases = [
        ("runs page `/` (HTML, 50 of 10,000, newest first)", "/", "list"),
        ("`/api/runs` (JSON, 50 rows)", "/api/runs", "list"),
        ("runs page sorted by name", "/?sort=name&order=asc", "list"),
        ("runs page filtered by tag `team=t3`", "/?tag=team%3Dt3", "list"),
        ("runs page filtered by name glob `run-09*`", "/?name=run-09%2A", "list"),
        ("runs page, last page (offset 9,950)", "/?offset=9950", "list"),
        ("`/api/runs/{id}/power` (1 M samples -> 4 x 2,000 points)", f"/api/runs/{big}/power",
         "draw"),
        ("run page `/runs/{id}` (HTML with the chart's data)", f"/runs/{big}", "draw"),
        ("`/api/runs/{id}/samples?max_points=2000`", f"/api/runs/{big}/samples", "draw"),
    ]  # fmt: skip
    rows = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for what, url, kind in cases:

            def call(url: str = url) -> None:
                response = client.get(url)
                response.raise_for_status()

            target = (
                f"≤ {LIST_TARGET_MS:.0f} ms" if kind == "list" else f"≤ {DRAW_TARGET_MS:.0f} ms"
            )
            rows.append((what, median_ms(call, repeat), target))
    return rows


OBSERVER = """
window.__drawn = null;
window.__preview = null;
new MutationObserver(function (changes, observer) {
  if (window.__preview === null && document.querySelector('#power-chart .chart-preview')) {
    window.__preview = -1;
    requestAnimationFrame(function () { window.__preview = performance.now(); });
  }
  if (document.querySelector('#power-chart .main-svg')) {
    observer.disconnect();
    requestAnimationFrame(function () { window.__drawn = performance.now(); });
  }
}).observe(document, {childList: true, subtree: true});
"""


def browser_rows(base: str, big: str, repeat: int) -> list[tuple[str, float, str]]:
    """Navigation start -> power chart drawn in headless Chromium: first and warm loads."""
    sys.path.insert(0, str(ROOT))
    from tests.browser_support import chromium, missing_browser

    if missing_browser():
        print(f"# browser skipped: {missing_browser()}", file=sys.stderr)
        return []
    with chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
        times, previews = [], []
        for _ in range(repeat + 1):
            driver.get(f"{base}/runs/{big}")
            deadline = time.monotonic() + 30
            while driver.execute_script("return window.__drawn") is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("the chart was not drawn in 30 s")
                time.sleep(0.02)
            times.append(float(driver.execute_script("return window.__drawn")))
            previews.append(float(driver.execute_script("return window.__preview") or "nan"))
    target = f"≤ {DRAW_TARGET_MS:.0f} ms"
    return [
        (
            "browser: open the 1 M-sample run, static preview painted (first load)",
            previews[0],
            target,
        ),  # fmt: skip
        ("browser: open the 1 M-sample run, chart drawn (first load)", times[0], target),
        (f"browser: same, warm (median of {repeat})", statistics.median(times[1:]), target),
    ]


def machine() -> str:
    """One line about the machine."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the store, time the requests, print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="store to build or reuse (default: a temp file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store")
    parser.add_argument("--browser", action="store_true", help="also time drawing in Chromium")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="wattprint-bench-"))
    db = args.db or folder / "runs.db"
    big = build_store(db, args.runs, args.samples)
    with serve(db) as base:
        rows = http_rows(base, big, args.repeat)
        if args.browser:
            rows += browser_rows(base, big, max(3, args.repeat // 4))
    size_mb = db.stat().st_size / 1e6
    print(f"Store: {args.runs:,} runs + one of {args.samples:,} samples ({size_mb:.0f} MB).")
    print(f"Machine: {machine()}.\n")
    print("| what | median | target | met |\n|---|---:|---:|:---:|")
    missed = 0
    for what, ms, target in rows:
        limit = float(target.split()[1])
        missed += ms > limit
        print(f"| {what} | {ms:.0f} ms | {target} | {'yes' if ms <= limit else '**no**'} |")
    if not args.keep and args.db is None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        folder.rmdir()
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())

"""Helpers for the browser tests: Debian's headless Chromium, a live dashboard, real runs.

Nothing here downloads a browser: the tests use ``/usr/bin/chromium`` and
``/usr/bin/chromedriver`` (``scripts/test`` installs Debian's packages) and skip with a
reason where they are missing.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,1800",
)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists() and shutil.which(Path(binary).name) is None:
            return f"{binary} not installed (apt-get install chromium chromium-driver)"
    return None


@contextmanager
def chromium(*, offline: bool = False) -> Iterator[Any]:
    """A headless Chromium WebDriver with a fresh profile; ``offline`` blocks all but loopback.

    With ``offline`` every request goes to a dead proxy (127.0.0.1:9), except loopback
    ones (which Chromium never proxies), so a page that needs the network cannot load
    what it needs.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="wattprint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    if offline:
        # Chromium bypasses proxies for loopback implicitly; everything else hits a dead port.
        options.add_argument("--proxy-server=127.0.0.1:9")
    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else str(shutil.which("chromedriver"))
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver: Any, name: str) -> Path:
    """Save a full-page PNG of the current page under ``test-artifacts/``."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.set_window_size(1280, 900)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1280, max(900, min(height + 40, 6000)))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for(driver: Any, script: str, timeout_s: float = 20.0) -> Any:
    """Poll a JavaScript expression until it is truthy; return its value."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {script}")
        time.sleep(0.1)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread on a free loopback port; yield its URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


XSS_NAME = "<script>alert(1)</script>"


def power_rows(start_s: float, seconds: int, devices: tuple[str, ...], offset: int = 0) -> list:
    """One sample per second per device: a GPU-like wave between 100 W and 300 W."""
    import math

    from wattprint.store import SampleRow

    return [
        SampleRow(
            t=start_s + offset + k,
            device=device,
            power_w=200.0 + 100.0 * math.sin((offset + k) / 30.0 + j),
            energy_j=None,
            method="counter",
        )
        for k in range(seconds)
        for j, device in enumerate(devices)
    ]


def add_run(store: Any, name: str, footprint: dict | None, **options: Any) -> str:
    """A finished (or, with ``running=True``, live) run with samples, steps and phases."""
    import os

    from wattprint.store import PhaseRow, RunInfo, StepRow
    from wattprint.store.liveness import this_host

    start = options.get("start_s", time.time() - 3600)
    seconds = options.get("seconds", 600)
    running = options.get("running", False)
    run_id = store.create_run(
        RunInfo(name=name, kind=options.get("kind", "measurement"), started_at=start,
                host=this_host(), pid=os.getpid(), tags=options.get("tags", {}))
    )  # fmt: skip
    store.append_samples(run_id, power_rows(start, seconds, ("gpu0", "gpu1", "cpu-package0")))
    store.append_steps(
        run_id,
        [StepRow(t=start + 5 * k, step=k, tokens=4096, samples=8, phase="train")
         for k in range(seconds // 5)],
    )  # fmt: skip
    store.put_phase(run_id, PhaseRow("train", start, start + seconds * 2 // 3, None))
    store.put_phase(run_id, PhaseRow("eval", start + seconds * 2 // 3, start + seconds, None))
    if running:
        store.heartbeat(run_id, start + seconds)
    else:
        store.finish_run(run_id, ended_at=start + seconds, status="complete",
                         totals={"duration_s": float(seconds)}, footprint=footprint)  # fmt: skip
    return run_id


def fill_store(path: Path) -> dict[str, str]:
    """A run store with real footprints (from ``estimate``) on four runs; names -> ids.

    ``gpt4-press`` and ``bloom`` are complete measured-style runs, ``xss`` is named
    :data:`XSS_NAME`, and ``live`` is running (owned by this process, so not stale).
    """
    from wattprint.estimate import estimate
    from wattprint.examples import example_path
    from wattprint.store import RunStore

    gpt4 = estimate(example_path("gpt4-press"), samples=2000).to_dict()
    bloom = estimate(example_path("bloom-176b"), samples=2000).to_dict()
    now = time.time()
    with RunStore(path) as store:
        return {
            "gpt4-press": add_run(store, "gpt4-press", gpt4, start_s=now - 7200,
                                  tags={"team": "nlp", "model": "gpt4"}),
            "bloom": add_run(store, "bloom", bloom, start_s=now - 5400,
                             tags={"team": "nlp", "model": "bloom"}),
            "xss": add_run(store, XSS_NAME, gpt4, start_s=now - 3600,
                           tags={"team": XSS_NAME}),
            "live": add_run(store, "live", None, start_s=now - 60, seconds=60, running=True),
        }  # fmt: skip

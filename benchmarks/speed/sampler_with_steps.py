"""The sampler thread's own CPU in a real-time run with steps (issue 19).

Run from the repository root (``--src`` to time other code, e.g. a checkout from before
steps went through the spool)::

    .venv/bin/python benchmarks/speed/sampler_with_steps.py --seconds 120

A fresh interpreter tracks for ``--seconds`` with the default 5 s sample and flush
interval and the run store on, while the caller reports 10 steps a second (sleeping
between); the figure is the sampler thread's run time from
``/proc/self/task/TID/schedstat`` (nanoseconds on CPU, wake-ups included), per 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import json, threading, time
from wattprint.measure import TrackerConfig, track
run = track("steps", config=TrackerConfig(db_path={db!r})).start()
run.wait_ready(10)
sampler = next(t for t in threading.enumerate() if t.name == "wattprint-sampler")
def on_cpu_s():
    with open(f"/proc/self/task/{{sampler.native_id}}/schedstat") as f:
        return int(f.read().split()[0]) / 1e9
time.sleep(1.0)
start, end = on_cpu_s(), time.monotonic() + {seconds}
while time.monotonic() < end:
    run.step(tokens=512)
    time.sleep(0.1)
used = on_cpu_s() - start
run.stop()
print(json.dumps({{"sampler_cpu_ms_per_10s": used * 1e3 * 10 / {seconds}}}))
"""


def main() -> int:
    """Run the tracked loop in a fresh interpreter and print the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--src", default=str(ROOT / "src"), help="code to measure (PYTHONPATH)")
    args = parser.parse_args()
    db = str(Path(tempfile.mkdtemp(prefix="wattprint-steps-")) / "runs.db")
    code = CODE.format(db=db, seconds=args.seconds)
    env = {**os.environ, "PYTHONPATH": args.src}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        print(out.stderr[-2000:], file=sys.stderr)
        return 1
    print(json.dumps({"src": args.src, **json.loads(out.stdout.strip().splitlines()[-1])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bad input never hurts (issue 18): every hostile document ends in exit 2 with a located
first line, no traceback, in bounded time and memory; the dashboard answers it with a 4xx.

The seeds (tests/hostile.py) are the cases a 370-input probe found; hypothesis derives
more from them and from the bundled examples. This is the short budget run by the test
command; ``python -m benchmarks.fuzz.bench_fuzz`` runs the long one.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.hostile import SEEDS, Seed, documents, run_argv, run_cli, verdict

ROOT = Path(__file__).resolve().parents[1]
SUBPROCESS_MEMORY_BYTES = 1_500_000_000
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_seed_is_refused_with_a_located_message(name: str, tmp_path: Path) -> None:
    seed = SEEDS[name]
    path, outcome = run_cli(seed, tmp_path)
    assert verdict(path, outcome, seed) is None, name
    if not seed.valid:
        assert outcome.code == 2


@pytest.mark.parametrize(
    ("name", "wanted"),
    [("billion laughs scenario", ":2: YAML anchors and aliases"),
     ("duplicate hardware section",
      ":7: duplicate key 'hardware' (first on line 2, again on line 7)"),
     ("deep flow nesting", ":1: nested deeper than 32 levels"),
     ("400-digit integer", ":4: a number 400 characters long (at most 40)"),
     ("count 1e308", ":4: hardware.count: number out of range; got '1e308'"),
     ("a billion accelerators",
      ":4: hardware.count: value out of range; got '1e9'; expected a value ≤ 1e+07"),
     ("a century-long run", ":6: training.duration: value out of range; got '200 years'; "
      "expected a value ≤ 100 years"),
     ("lognormal gsd 1e300", ":4: hardware.count.gsd: number out of range; got '1e300'"),
     ("lognormal gsd 1000", ":4: hardware.count: lognormal needs median > 0 and 1 ≤ gsd ≤ 100"),
     ("power 1e400 W", ":5: hardware.power: not a finite number"),
     ("formula ln*2",
      ":6: claims[0].recompute.formula: invalid formula: function 'ln' used as a value"),
     ("published 1e400 W", ":4: claims[0].published: published number out of range"),
     ("many keys", ": document too large; got '537,788 bytes'; expected at most 256,000 bytes"),
     ("deep TOML nesting", ": nested deeper than 32 levels"),
     ("5000-digit TOML integer", ": malformed TOML: Exceeds the limit")],
)  # fmt: skip
def test_the_probe_cases_say_what_was_wrong(name: str, wanted: str, tmp_path: Path) -> None:
    path, outcome = run_cli(SEEDS[name], tmp_path)
    assert outcome.code == 2
    assert f"wattprint: error: {path}{wanted}" in outcome.err, outcome.err


def special_paths(tmp_path: Path) -> dict[str, str]:
    """Paths that are not regular files: devices, a FIFO, a directory, a link to a device."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    return {"/dev/zero": "a device", "/dev/urandom": "a device", str(fifo): "a FIFO",
            str(link): "a device", str(folder): "a directory"}  # fmt: skip


@pytest.mark.parametrize("command", ["estimate", "check"])
def test_special_files_are_located_errors_never_read(command: str, tmp_path: Path) -> None:
    for path, kind in special_paths(tmp_path).items():
        outcome = run_argv([command, path])  # a FIFO would block here if it were opened
        assert outcome.code == 2, path
        assert outcome.err.startswith(f"wattprint: error: {path}: not a regular file: {kind}")
        assert outcome.seconds < 5


def run_capped(argv: list[str], timeout_s: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process whose address space is capped."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (SUBPROCESS_MEMORY_BYTES, SUBPROCESS_MEMORY_BYTES))

    return subprocess.run(
        [sys.executable, "-m", "wattprint", *argv],
        capture_output=True, text=True, timeout=timeout_s, preexec_fn=cap, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.parametrize(
    "name", ["billion laughs scenario", "billion laughs claims", "deep TOML nesting", "many keys"]
)
def test_the_worst_seeds_stay_within_memory_in_a_capped_process(name: str, tmp_path: Path) -> None:
    seed = SEEDS[name]
    path = tmp_path / f"f{seed.suffix}"
    path.write_text(seed.text, encoding="utf-8")
    command = "estimate" if seed.kind == "scenario" else "check"
    done = run_capped([command, str(path)])
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.startswith(f"wattprint: error: {path}") and "Traceback" not in done.stderr


def test_a_fifo_never_blocks_a_capped_process(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = run_capped(["estimate", str(fifo)], timeout_s=30)
    assert done.returncode == 2 and "not a regular file: a FIFO" in done.stderr


def peak_memory_bytes() -> int:
    """This process's peak resident memory so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@FUZZ
@given(seed=documents())
def test_generated_documents_never_hurt_the_cli(seed: Seed, tmp_path: Path) -> None:
    path, outcome = run_cli(seed, tmp_path)
    assert verdict(path, outcome, seed) is None
    assert peak_memory_bytes() < SUBPROCESS_MEMORY_BYTES  # no input made this process balloon


ENDPOINTS = {"scenario": ("/api/estimate", "/scenario"), "claims": ("/api/audit", "/audit")}


def post_everywhere(client: TestClient, seed: Seed) -> list[tuple[str, int]]:
    """Post a document to the JSON endpoint and the form of its kind; the statuses."""
    api, form = ENDPOINTS[seed.kind]
    text = seed.text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    body = {"yaml": text, "samples": 100} if seed.kind == "scenario" else {"yaml": text}
    return [
        (api, client.post(api, json=body).status_code),
        (form, client.post(form, data={"yaml": text}).status_code),
    ]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_seed_is_a_4xx_on_the_dashboard(client: TestClient, name: str) -> None:
    seed = SEEDS[name]
    for url, status in post_everywhere(client, seed):
        if seed.valid:
            assert status < 500, url
        else:
            assert 400 <= status < 500, url


@FUZZ
@given(seed=documents())
def test_generated_documents_never_hurt_the_dashboard(client: TestClient, seed: Seed) -> None:
    for url, status in post_everywhere(client, seed):
        assert status < 500, url


def _strict(constant: str) -> None:
    raise ValueError(f"non-standard JSON constant {constant}")


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "golden").rglob("*.json")), ids=str)
def test_every_golden_json_file_is_strict_json(path: Path) -> None:
    json.loads(path.read_text(encoding="utf-8"), parse_constant=_strict)


@pytest.mark.parametrize(
    "name", ["billion laughs claims", "billion laughs scenario", "deep flow nesting", "many keys"]
)
def test_report_reads_files_through_the_bounded_reader_too(name: str, tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(SEEDS[name].text, encoding="utf-8")
    outcome = run_argv(["report", str(path), "--format", "md"])
    assert outcome.code == 2 and outcome.seconds < 5
    assert outcome.err.startswith(f"wattprint: error: {path}")


@pytest.mark.parametrize("command", ["estimate", "check"])
def test_a_negative_seed_is_a_usage_error_not_a_traceback(command: str) -> None:
    example = "gpt4-press.yaml" if command == "estimate" else "seed-article-claims.yaml"
    outcome = run_argv([command, str(ROOT / "src" / "wattprint" / "examples" / example),
                        "--seed", "-1"])  # fmt: skip
    assert outcome.code == 2 and "Traceback" not in outcome.err
    assert "--seed" in outcome.err

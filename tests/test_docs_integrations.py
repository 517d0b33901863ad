"""docs/integrations.md is run: each ``# file:`` snippet is written out, each runs, and the
``# run`` block (torchrun, accelerate launch: two CPU processes) leaves one run per node."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="needs the integrations-test extra (torch)")
pytest.importorskip("transformers", reason="needs the integrations-test extra (transformers)")
pytest.importorskip("lightning", reason="needs the integrations-test extra (lightning)")

from wattprint.store import RunStore  # noqa: E402

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "integrations.md"
BLOCK = re.compile(r"```(python|sh)\n(.*?)```", re.S)
BIN = Path(sys.executable).parent


def blocks(kind: str, first_line: str) -> list[str]:
    found = [body for lang, body in BLOCK.findall(DOC.read_text(encoding="utf-8")) if lang == kind]
    return [body for body in found if body.startswith(first_line)]


def run_in(tmp_path: Path, argv: list[str], timeout_s: float = 240) -> None:
    env = {
        **os.environ,
        "WATTPRINT_DB": str(tmp_path / "runs.db"),
        "WATTPRINT_SAMPLE_INTERVAL": "0.2",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "OMP_NUM_THREADS": "1",
    }
    for name in ("LOCAL_RANK", "RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "WATTPRINT_STEP_FILE"):
        env.pop(name, None)
    done = subprocess.run(
        argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout_s
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def write_files(tmp_path: Path) -> list[str]:
    names = []
    for body in blocks("python", "# file: "):
        name = body.splitlines()[0].removeprefix("# file: ").strip()
        (tmp_path / name).write_text(body, encoding="utf-8")
        names.append(name)
    return names


def stored(tmp_path: Path) -> list[tuple[str, int]]:
    with RunStore(tmp_path / "runs.db") as store:
        return [(r.name, r.step_count) for r in store.list_runs()]


def test_each_snippet_runs_and_stores_one_run(tmp_path: Path) -> None:
    names = write_files(tmp_path)
    assert names == ["train_hf.py", "train_lightning.py"]
    for name in names:
        run_in(tmp_path, [sys.executable, name])
    assert sorted(stored(tmp_path)) == [
        ("lightning: Tiny", 4),
        ("transformers: GPT2LMHeadModel", 4),
    ]
    assert (tmp_path / "out-hf" / "model_card_emissions.md").exists()


LAUNCHES = [line for b in blocks("sh", "# run\n") for line in b.splitlines()[1:] if line]


def test_the_docs_show_both_launchers() -> None:
    assert [c.split()[0] for c in LAUNCHES] == ["torchrun", "accelerate"]


@pytest.mark.parametrize("command", LAUNCHES)
def test_two_processes_on_one_node_store_one_run(tmp_path: Path, command: str) -> None:
    write_files(tmp_path)
    run_in(tmp_path, command.split())
    assert stored(tmp_path) == [("transformers: GPT2LMHeadModel", 4)]

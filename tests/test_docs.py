"""The docs are held to the code: generated parts are current, every name is documented."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from wattprint.chain.outputs import OUTPUTS
from wattprint.cli import COMMAND_MODULES, app
from wattprint.estimate.fields import markdown_reference

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"


def test_scenario_field_reference_is_current() -> None:
    text = (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8")
    assert markdown_reference() in text, "regenerate docs/scenario.md from estimate/fields.py"


def test_every_output_in_the_outputs_table_is_in_the_schema_doc() -> None:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    missing = [r.name for r in OUTPUTS if f"`{r.name.replace('*', '<id>')}`" not in text]
    assert missing == [], "document these outputs in docs/schema.md"


def test_readme_opens_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text[: text.index("## Estimate")]
    assert "wattprint demo" in head
    assert "./scripts/test" in head
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_mentioned_in_the_docs() -> None:
    import typer

    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
    )
    command = typer.main.get_command(app)
    names = list(getattr(command, "commands", {}))
    assert len(names) >= len(COMMAND_MODULES)
    for name in names:
        assert f"wattprint {name}" in docs, f"`wattprint {name}` is not documented"


README_DOCTEST = """
import doctest, re, sys
text = open("README.md", encoding="utf-8").read()
blocks = re.findall(r"```python\\n(.*?)```", text, flags=re.S)
test = doctest.DocTestParser().get_doctest("".join(blocks), {}, "README.md", "README.md", 0)
result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
print(f"{len(test.examples)} examples, {result.failed} failed")
sys.exit(1 if result.failed or not test.examples else 0)
"""


def test_the_readmes_python_snippets_run(tmp_path: Path) -> None:
    # a fresh interpreter, as a reader would paste them
    env = {**os.environ, "WATTPRINT_DB": str(tmp_path / "runs.db"), "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", README_DOCTEST], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " 0 failed" in done.stdout


def readme_commands() -> list[str]:
    """Every ``wattprint …`` line of the README's shell blocks, comments removed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    lines = (line.split(" #")[0].strip() for block in blocks for line in block.splitlines())
    return [line for line in lines if line.startswith("wattprint ")]


def test_the_readme_commands_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Pasted after the set-up line, in any directory: each exits 0 (``serve`` runs until
    stopped, so it is only checked to be a command)."""
    from wattprint.cli import main

    monkeypatch.chdir(tmp_path)  # not the checkout: bundled examples are found by name
    monkeypatch.setenv("WATTPRINT_DB", str(tmp_path / "runs.db"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "src"))
    commands = readme_commands()
    assert len(commands) >= 20
    for line in commands:
        args = [sys.executable if a == "python3" else a for a in shlex.split(line)[1:]]
        if args[0] == "serve":
            continue
        if "--samples" not in args and args[0] in ("estimate", "check", "report"):
            args += ["--samples", "500"]
        code = main(args)
        out = capfd.readouterr()
        assert code == 0, f"{line!r} exited {code}: {out.err[-500:]}"
    assert (tmp_path / "gpt4.html").exists() and (tmp_path / "run.html").exists()

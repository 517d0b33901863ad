"""The docs are held to the code: generated parts are current, every name is documented."""

from __future__ import annotations

from pathlib import Path

from wattprint.chain.outputs import OUTPUTS
from wattprint.cli import COMMAND_MODULES, app
from wattprint.estimate.fields import markdown_reference

ROOT = Path(__file__).parent.parent


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

"""``wattprint.estimate`` stays the function whatever was imported before (issue 19).

The subpackage ``wattprint.estimate`` shares the function's name; the import system sets
a package attribute to a subpackage when it is first imported, which used to shadow the
function (``TypeError: 'module' object is not callable``). Each case runs in a fresh
interpreter, imports in a given order, then calls every public name.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = str(Path(__file__).parent.parent / "src")

FIRST = {
    "nothing": "",
    "every submodule": """
        import importlib, pkgutil
        import wattprint as _w
        for info in pkgutil.walk_packages(_w.__path__, "wattprint."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
    """,
    "from the subpackage": "from wattprint.estimate import load_scenario, scenario_from_dict",
    "a module of the subpackage": "import wattprint.estimate.model",
    "the function, then the subpackage": """
        from wattprint import estimate as _f
        import wattprint.estimate.scenario
    """,
    "importlib": "import importlib; importlib.import_module('wattprint.estimate')",
}

CALLS = """
import sys, tempfile, types
import wattprint
from wattprint.examples import example_path
assert isinstance(wattprint.estimate, types.FunctionType), wattprint.estimate
assert sys.modules["wattprint.estimate"].estimate is wattprint.estimate
path = example_path("llama-style")
footprint = wattprint.estimate(path, samples=200)
assert isinstance(footprint, wattprint.Footprint) and footprint.outputs
scenario = wattprint.load_scenario(path)
assert isinstance(scenario, wattprint.Scenario)
assert wattprint.scenario_from_dict(scenario.raw).name == scenario.name
assert isinstance(wattprint.estimate(scenario, samples=200), wattprint.Footprint)
report = wattprint.audit_file(example_path("seed-article-claims"), samples=200)
assert isinstance(report, wattprint.AuditReport)
config = wattprint.TrackerConfig(store=False, region="US")
with wattprint.track("x", config=config, sensors=[wattprint.MockSensor("gpu0", 50.0)]) as run:
    run.step(tokens=1)
assert isinstance(run, wattprint.MeasuredRun) and isinstance(run.result, wattprint.RunResult)
assert isinstance(wattprint.track(config=config), wattprint.Tracker)
with tempfile.TemporaryDirectory() as folder:
    with wattprint.RunStore(folder + "/runs.db") as store:
        assert store.list_runs() == []
assert isinstance(next(iter(footprint.outputs.values())), wattprint.OutputSummary)
for name in ("CatalogLookupError", "ClaimsError", "InputError", "ScenarioError",
             "SensorError", "StoreError"):
    assert issubclass(getattr(wattprint, name), wattprint.WattprintError)
assert wattprint.__version__
missing = set(wattprint.__all__) - set(dir(wattprint))
assert not missing, missing
print("ok")
"""


@pytest.mark.parametrize("first", list(FIRST), ids=list(FIRST))
def test_every_public_name_works_after_any_import(first: str) -> None:
    code = textwrap.dedent(FIRST[first]) + "\n" + CALLS
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().endswith("ok")


def test_the_subpackage_is_still_importable_by_its_name() -> None:
    import importlib

    module = importlib.import_module("wattprint.estimate")
    from wattprint.estimate import scenario

    assert callable(module.estimate)
    assert scenario.__name__ == "wattprint.estimate.scenario"

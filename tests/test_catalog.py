"""The packaged reference data: complete, sourced, and found by id, alias or near miss."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from wattprint import catalog
from wattprint.errors import CatalogLookupError

REQUIRED_ACCELERATORS = [
    "V100-SXM2-32GB",
    "A100-SXM4-40GB",
    "A100-SXM4-80GB",
    "A100-PCIE-40GB",
    "A100-PCIE-80GB",
    "A800-SXM4-80GB",
    "H100-SXM5-80GB",
    "H100-PCIE-80GB",
    "H800-SXM5-80GB",
    "H200-SXM-141GB",
    "B200-SXM-180GB",
    "L4",
    "L40S",
    "T4",
    "MI250X",
    "MI300X",
    "TPU-V4",
    "TPU-V5E",
    "TPU-V5P",
    "ASCEND-910B",
]
REQUIRED_GRIDS = [
    "WORLD",
    "CN",
    "US",
    "IN",
    "JP",
    "DE",
    "FR",
    "GB",
    "CA",
    "BR",
    "AU",
    "KR",
    "SG",
    "SE",
    "NO",
    "US-VA",
    "US-IA",
    "US-OR",
    "US-TX",
    "US-AZ",
    "CN-NM",
    "CN-GZ",
    "CN-NX",
    "CN-BJ",
    "CN-GD",
]
DATA_FILES = [
    "accelerators.csv",
    "grids.csv",
    "facilities.csv",
    "defaults.csv",
    "constants.csv",
    "reference_loads.csv",
    "heat_reuse_sites.csv",
]


@pytest.mark.parametrize("filename", DATA_FILES)
def test_every_row_of_every_file_names_its_source_and_year(filename: str) -> None:
    text = resources.files("wattprint.catalog").joinpath("data", filename).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows, filename
    for row in rows:
        assert row["source"].strip(), row
        assert row["year"].strip().isdigit() and len(row["year"].strip()) == 4, row


def test_the_catalogs_are_as_large_as_promised() -> None:
    assert len(catalog.accelerators()) >= 20
    assert len(catalog.grids()) >= 40
    assert len(catalog.facilities()) >= 8
    for name in REQUIRED_ACCELERATORS:
        catalog.accelerators().get(name)
    for code in REQUIRED_GRIDS:
        catalog.grids().get(code)


@pytest.mark.parametrize(
    ("alias", "row_id"),
    [
        ("A100", "A100-SXM4-40GB"),
        ("H100", "H100-SXM5-80GB"),
        ("h100 sxm5 80gb", "H100-SXM5-80GB"),
        ("V100", "V100-SXM2-32GB"),
        ("MI300X", "MI300X"),
    ],
)
def test_short_aliases_resolve_to_the_documented_default_variant(alias: str, row_id: str) -> None:
    assert catalog.accelerators().get(alias).id == row_id


def test_regions_resolve_by_name_in_english_and_chinese() -> None:
    assert catalog.grids().get("Virginia").id == "US-VA"
    assert catalog.grids().get("内蒙古").id == "CN-NM"
    assert catalog.grids().get("china").id == "CN"


def test_a_near_miss_suggests_the_nearest_names() -> None:
    with pytest.raises(CatalogLookupError) as err:
        catalog.accelerators().get("H100-SXM-80GB")
    assert "H100-SXM5-80GB" in err.value.suggestions
    assert "did you mean H100-SXM5-80GB" in str(err.value)
    assert "wattprint data accelerators" in str(err.value)


def test_a100_datasheet_figures() -> None:
    a100 = catalog.accelerators().get("A100")
    assert a100.tdp_w == 400
    assert a100.peak_flops("fp32") == pytest.approx(19.5e12)
    assert a100.peak_flops("bf16") == pytest.approx(312e12)
    assert a100.transistors_billion == pytest.approx(54.2)


def test_defaults_needed_by_the_estimate_exist_and_unsourced_ones_say_so() -> None:
    for name in (
        "training_power_share_of_tdp",
        "inference_power_share_of_tdp",
        "mfu_training",
        "mfu_inference",
        "host_power_per_accelerator_w",
        "embodied_co2e_kg_per_accelerator",
        "accelerator_lifetime_years",
    ):
        row = catalog.default(name)
        assert row.low is not None or row.mode is not None
    for row in catalog.defaults():
        assert row.unsourced == row.source.upper().startswith("UNSOURCED")


def test_search_finds_rows_by_any_text() -> None:
    found = catalog.accelerators().search("huawei")
    assert [r.id for r in found] == ["ASCEND-910B"]

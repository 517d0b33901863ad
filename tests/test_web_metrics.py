"""``/metrics`` of the dashboard: each stored footprint as Prometheus counters, base units."""

from __future__ import annotations

import sys

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from wattprint.integrations.prometheus import RUN_METRICS, converted
from wattprint.store import RunStore


def scraped(client: TestClient) -> dict[str, dict[str, float]]:
    """``{metric name: {run_id: value}}`` of one scrape."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    found: dict[str, dict[str, float]] = {}
    for family in text_string_to_metric_families(response.text):
        assert family.type == "counter"
        for sample in family.samples:
            found.setdefault(sample.name, {})[sample.labels["run_id"]] = sample.value
    return found


def test_every_stored_footprint_is_a_counter_in_base_units(
    env: tuple[TestClient, dict[str, str]],
) -> None:
    client, ids = env
    found = scraped(client)
    assert sorted(found) == sorted(RUN_METRICS)
    store: RunStore = client.app.state.store  # type: ignore[attr-defined]
    outputs = store.get_run(ids["gpt4-press"]).footprint["outputs"]  # type: ignore[index]
    assert outputs["it_energy"]["unit"] == "kWh"
    assert outputs["carbon_total"]["unit"] == "kg CO2e"
    assert outputs["water_onsite"]["unit"] == "L"
    run = ids["gpt4-press"]
    it_kwh, carbon_kg = outputs["it_energy"]["p50"], outputs["carbon_total"]["p50"]
    assert found["wattprint_run_it_energy_joules_total"][run] == pytest.approx(it_kwh * 3.6e6)
    assert found["wattprint_run_carbon_grams_total"][run] == pytest.approx(carbon_kg * 1000)
    water_l = outputs["water_onsite"]["p50"]
    assert found["wattprint_run_water_onsite_cubic_meters_total"][run] == pytest.approx(
        water_l / 1000
    )


def test_a_running_run_without_footprint_is_not_published(
    env: tuple[TestClient, dict[str, str]],
) -> None:
    client, ids = env
    found = scraped(client)
    assert ids["live"] not in found["wattprint_run_it_energy_joules_total"]
    assert ids["bloom"] in found["wattprint_run_it_energy_joules_total"]


def test_labels_name_the_run(env: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = env
    text = client.get("/metrics").text
    (family, *_) = text_string_to_metric_families(text)
    sample = next(s for s in family.samples if s.labels["run_id"] == ids["bloom"])
    assert sample.labels["run_name"] == "bloom"
    assert set(sample.labels) == {"run_id", "run_name", "host", "job_id", "kind", "status"}


def test_units_convert_within_a_dimension_only() -> None:
    assert converted(2.0, "kWh", "J") == pytest.approx(7.2e6)
    assert converted(1.5, "kg CO2e", "g") == pytest.approx(1500.0)
    assert converted(250.0, "L", "m3") == pytest.approx(0.25)
    with pytest.raises(ValueError, match="cannot convert 'kWh' to 'g'"):
        converted(1.0, "kWh", "g")


def test_without_prometheus_client_metrics_answers_503_naming_the_extra(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    response = client.get("/metrics")
    assert response.status_code == 503
    assert "pip install &#39;wattprint[prometheus]&#39;" in response.text  # HTML-escaped

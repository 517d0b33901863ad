"""Typed rows of the packaged catalogs. Every row carries ``source`` and ``year``."""

from __future__ import annotations

from dataclasses import dataclass

from wattprint.catalog.table import aliases, num

PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp8")


@dataclass(frozen=True)
class Accelerator:
    """One accelerator model: datasheet power and dense peak FLOP/s per precision."""

    id: str
    aliases: tuple[str, ...]
    name: str
    vendor: str
    release_year: str
    tdp_w: float | None
    peak_tflops: dict[str, float]
    memory_gb: float | None
    transistors_billion: float | None
    die_area_mm2: float | None
    process_node_nm: float | None
    source: str
    year: str
    uncertain_fields: str = ""
    notes: str = ""
    memory_bw_tbs: float | None = None

    @classmethod
    def from_record(cls, r: dict[str, str]) -> Accelerator:
        """Build from a CSV record."""
        peaks = {p: v for p in PRECISIONS if (v := num(r, f"peak_{p}_tflops")) is not None}
        tdp = num(r, "tdp_w")
        if tdp is not None and tdp <= 0:
            raise ValueError(f"{r['id']}: tdp_w must be positive")
        return cls(
            id=r["id"],
            aliases=aliases(r),
            name=r.get("name", r["id"]),
            vendor=r.get("vendor", ""),
            release_year=r.get("release_year", ""),
            tdp_w=tdp,
            peak_tflops=peaks,
            memory_gb=num(r, "memory_gb"),
            transistors_billion=num(r, "transistors_billion"),
            die_area_mm2=num(r, "die_area_mm2"),
            process_node_nm=num(r, "process_node_nm"),
            source=r["source"],
            year=r["year"],
            uncertain_fields=r.get("uncertain_fields", ""),
            notes=r.get("notes", ""),
            memory_bw_tbs=num(r, "memory_bw_tbs"),
        )

    def peak_flops(self, precision: str) -> float | None:
        """Dense peak FLOP/s at a precision (``bf16`` falls back to fp16 tensor rate)."""
        tflops = self.peak_tflops.get(precision)
        return tflops * 1e12 if tflops is not None else None


@dataclass(frozen=True)
class GridRegion:
    """Average carbon intensity (and water per kWh where sourced) of one grid region."""

    id: str
    aliases: tuple[str, ...]
    name: str
    name_zh: str
    kind: str
    carbon_intensity_g_per_kwh: float
    carbon_intensity_low: float | None
    carbon_intensity_high: float | None
    basis: str
    source: str
    year: str
    water_l_per_kwh: float | None
    water_source: str
    water_year: str

    @classmethod
    def from_record(cls, r: dict[str, str]) -> GridRegion:
        """Build from a CSV record."""
        ci = num(r, "carbon_intensity_g_per_kwh")
        if ci is None:
            raise ValueError(f"{r['code']}: carbon_intensity_g_per_kwh missing")
        return cls(
            id=r["code"],
            aliases=aliases(r),
            name=r.get("name", ""),
            name_zh=r.get("name_zh", ""),
            kind=r.get("kind", ""),
            carbon_intensity_g_per_kwh=ci,
            carbon_intensity_low=num(r, "carbon_intensity_low"),
            carbon_intensity_high=num(r, "carbon_intensity_high"),
            basis=r.get("basis", ""),
            source=r["source"],
            year=r["year"],
            water_l_per_kwh=num(r, "water_l_per_kwh"),
            water_source=r.get("water_source", ""),
            water_year=r.get("water_year", ""),
        )


@dataclass(frozen=True)
class Facility:
    """PUE and on-site WUE of an operator's fleet or an industry average."""

    id: str
    aliases: tuple[str, ...]
    name: str
    operator: str
    pue: float
    pue_low: float | None
    pue_high: float | None
    wue_l_per_kwh: float | None
    wue_low: float | None
    wue_high: float | None
    wue_basis: str
    source: str
    year: str
    notes: str = ""

    @classmethod
    def from_record(cls, r: dict[str, str]) -> Facility:
        """Build from a CSV record."""
        pue = num(r, "pue")
        if pue is None or pue < 1:
            raise ValueError(f"{r['id']}: pue missing or < 1")
        return cls(
            id=r["id"],
            aliases=aliases(r),
            name=r.get("name", r["id"]),
            operator=r.get("operator", ""),
            pue=pue,
            pue_low=num(r, "pue_low"),
            pue_high=num(r, "pue_high"),
            wue_l_per_kwh=num(r, "wue_l_per_kwh"),
            wue_low=num(r, "wue_low"),
            wue_high=num(r, "wue_high"),
            wue_basis=r.get("wue_basis", ""),
            source=r["source"],
            year=r["year"],
            notes=r.get("notes", ""),
        )


@dataclass(frozen=True)
class Default:
    """A model default: a distribution over a plausible span, with its source."""

    id: str
    dist: str
    low: float | None
    mode: float | None
    high: float | None
    unit: str
    source: str
    year: str
    notes: str = ""
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, r: dict[str, str]) -> Default:
        """Build from a CSV record."""
        dist = r.get("dist", "fixed")
        if dist not in ("fixed", "uniform", "triangular", "loguniform"):
            raise ValueError(f"{r['name']}: dist {dist!r} not fixed|uniform|triangular|loguniform")
        return cls(
            id=r["name"],
            dist=dist,
            low=num(r, "low"),
            mode=num(r, "mode"),
            high=num(r, "high"),
            unit=r.get("unit", ""),
            source=r["source"],
            year=r["year"],
            notes=r.get("notes", ""),
        )

    @property
    def unsourced(self) -> bool:
        """True when the catalog says no source was found for this default."""
        return self.source.upper().startswith("UNSOURCED")


@dataclass(frozen=True)
class Constant:
    """A physical constant or comparison figure."""

    id: str
    value: float
    unit: str
    source: str
    year: str
    shaky: bool
    notes: str = ""
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_record(cls, r: dict[str, str]) -> Constant:
        """Build from a CSV record."""
        return cls(
            id=r["name"],
            value=float(r["value"]),
            unit=r.get("unit", ""),
            source=r["source"],
            year=r["year"],
            shaky=r.get("shaky", "").lower() in ("yes", "true", "1"),
            notes=r.get("notes", ""),
        )


@dataclass(frozen=True)
class ReferenceLoad:
    """A load to compare a cluster's grid draw with (a plant, a city, a state's peak)."""

    id: str
    aliases: tuple[str, ...]
    name: str
    name_zh: str
    kind: str
    power_mw: float
    basis: str
    source: str
    year: str
    notes: str = ""

    @classmethod
    def from_record(cls, r: dict[str, str]) -> ReferenceLoad:
        """Build from a CSV record."""
        return cls(
            id=r["id"],
            aliases=aliases(r),
            name=r.get("name", r["id"]),
            name_zh=r.get("name_zh", ""),
            kind=r.get("kind", ""),
            power_mw=float(r["power_mw"]),
            basis=r.get("basis", ""),
            source=r["source"],
            year=r["year"],
            notes=r.get("notes", ""),
        )

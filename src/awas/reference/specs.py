"""What each file of a reference package must contain: columns, their parsers and the row key."""

from __future__ import annotations

from dataclasses import dataclass

from awas.domain.legal import Track
from awas.reference import columns as col


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: dict[str, col.Parser]
    key: tuple[str, ...]
    required: bool = True


PROVENANCE = {"source": col.optional_text, "status": col.status}
TRACKS = col.choice(*(t.value for t in Track))

SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "wilayah.csv",
        {"code": col.text, "level": col.choice("provinsi", "kabkota", "kecamatan", "desa"), "name": col.text},
        ("code",),
    ),
    FileSpec(
        "handlers.csv",
        {
            "id": col.text,
            "name": col.text,
            "kind": col.text,
            "valid_from": col.optional(col.iso_date),
            "valid_until": col.optional(col.iso_date),
            "description": col.optional_text,
            **PROVENANCE,
        },
        ("id",),
    ),
    FileSpec(
        "categories.csv",
        {
            "id": col.text,
            "name": col.text,
            "name_en": col.text,
            "group": col.text,
            "default_track": TRACKS,
            "handler": col.text,
            "legal_basis": col.semicolon_list,
            "sanction": col.optional_text,
            "description": col.optional_text,
            **PROVENANCE,
        },
        ("id",),
    ),
    FileSpec(
        "clocks.csv",
        {
            "id": col.text,
            "name": col.text,
            "applies_to": col.text,
            "anchor": col.text,
            "amount": col.integer,
            "unit": col.choice("day", "hour"),
            "day_kind": col.choice("calendar", "working"),
            "end_of_day": col.boolean,
            "legal_basis": col.text,
            **PROVENANCE,
        },
        ("id",),
    ),
    FileSpec(
        "schedule.csv",
        {
            "stage": col.text,
            "name": col.text,
            "starts_at": col.aware_datetime,
            "ends_at": col.aware_datetime,
            **PROVENANCE,
        },
        ("stage",),
    ),
    FileSpec(
        "elections.csv",
        {
            "id": col.text,
            "kind": col.choice("pilgub", "pilbup", "pilwako"),
            "name": col.text,
            "region_code": col.text,
            "voting_date": col.iso_date,
            "sirekap_race": col.choice("pkwkp", "pkwkk"),
            "sirekap_area": col.text,
            "tps_count": col.optional(col.integer),
            "dpt": col.optional(col.integer),
            "dpt_status": col.status,
            **PROVENANCE,
        },
        ("id",),
    ),
    FileSpec(
        "paslon.csv",
        {
            "election_id": col.text,
            "nomor_urut": col.integer,
            "sirekap_id": col.text,
            "name": col.text,
            "kepala": col.text,
            "wakil": col.optional_text,
            "short_name": col.optional_text,
            "kolom_kosong": col.boolean,
            "color": col.optional_text,
            **PROVENANCE,
        },
        ("election_id", "nomor_urut"),
    ),
    FileSpec(
        "organisations.csv",
        {
            "id": col.text,
            "name": col.text,
            "kind": col.text,
            "region_code": col.optional(col.text),
            "handler_id": col.optional(col.text),
            "task_force": col.boolean,
            **PROVENANCE,
        },
        ("id",),
    ),
    FileSpec(
        "holidays.csv",
        {"date": col.iso_date, "name": col.text, "kind": col.text, **PROVENANCE},
        ("date",),
        required=False,
    ),
    FileSpec(
        "ikp_baseline.csv",
        {
            "region_code": col.text,
            "product": col.text,
            "score": col.number,
            "category": col.choice("rendah", "sedang", "tinggi"),
            **PROVENANCE,
        },
        ("region_code", "product"),
        required=False,
    ),
    FileSpec(
        "region_stats.csv",
        {
            "region_code": col.text,
            "kecamatan": col.optional(col.integer),
            "desa": col.optional(col.integer),
            "tps": col.optional(col.integer),
            "dpt": col.optional(col.integer),
            "dpt_previous": col.optional(col.integer),
            **PROVENANCE,
        },
        ("region_code",),
        required=False,
    ),
)

# The case workflow catalogue (statuses, transitions, clock events, routing, intake requirements, TLP
# clearances). Optional so packages made before it still validate; awas.cases refuses to run without it.
TLP_LEVELS = col.choice("clear", "green", "amber", "amber+strict", "red")
WORKFLOW_SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "case_statuses.csv",
        {
            "id": col.text,
            "name": col.text,
            "name_en": col.text,
            "position": col.integer,
            "open": col.boolean,
            "events": col.semicolon_list,
            "description": col.optional_text,
            **PROVENANCE,
        },
        ("id",),
        required=False,
    ),
    FileSpec(
        "case_transitions.csv",
        {
            "from_status": col.text,
            "to_status": col.text,
            "name": col.text,
            "kinds": col.semicolon_list,
            "roles": col.semicolon_list,
            "org_scope": col.choice("owner", "handler", "either"),
            "guard": col.optional(
                col.choice("requirements_met", "requirements_unmet", "requirements_fixable", "routed")
            ),
            "requires_reason": col.boolean,
            "may_extend": col.boolean,
            **PROVENANCE,
        },
        ("from_status", "to_status"),
        required=False,
    ),
    FileSpec(
        "case_clock_rules.csv",
        {
            "clock_id": col.text,
            "requires_event": col.optional(col.text),
            "met_by": col.semicolon_list,
            "obligation": col.boolean,
            **PROVENANCE,
        },
        ("clock_id",),
        required=False,
    ),
    FileSpec(
        "routing_rules.csv",
        {
            "id": col.text,
            "priority": col.integer,
            "track": TRACKS,
            "category": col.text,
            "actor": col.text,
            "election": col.choice("*", "pilgub", "pilbup", "pilwako"),
            "handler": col.text,
            "legal_basis": col.semicolon_list,
            **PROVENANCE,
        },
        ("id",),
        required=False,
    ),
    FileSpec(
        "track_rules.csv",
        {
            "category": col.text,
            "actor": col.text,
            "track": TRACKS,
            "legal_basis": col.semicolon_list,
            **PROVENANCE,
        },
        ("category", "actor"),
        required=False,
    ),
    FileSpec(
        "intake_requirements.csv",
        {
            "id": col.text,
            "kind": col.choice("formil", "materiil"),
            "applies_to": col.semicolon_list,
            "name": col.text,
            "failure_reason": col.text,
            "fixable": col.boolean,
            "legal_basis": col.text,
            **PROVENANCE,
        },
        ("id",),
        required=False,
    ),
    FileSpec(
        "tlp_clearances.csv",
        {"org_kind": col.text, "max_tlp": TLP_LEVELS, **PROVENANCE},
        ("org_kind",),
        required=False,
    ),
)
SPECS = SPECS + WORKFLOW_SPECS

SPEC_BY_NAME = {spec.name: spec for spec in SPECS}

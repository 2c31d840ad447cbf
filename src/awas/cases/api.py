"""The case capability's public interface, for other capabilities and front ends.

    from awas.cases.api import open_temuan, TemuanInput, system_principal, case_header, can_view

Engines (recap, coord, detect) open temuan as `system_principal(app, "recap")`; the web builds a
`Principal` with `principal_for(app, username)` and calls the query functions.
"""

from __future__ import annotations

from awas.cases.access import Principal, principal_for, system_principal
from awas.cases.identity import PelaporIdentity, Witness
from awas.cases.intake import open_laporan
from awas.cases.intake_models import EvidenceRef, LaporanInput, LaporanSupplement, TemuanInput
from awas.cases.milestones import milestone_events, record_milestone
from awas.cases.queries import (
    CaseFilter,
    can_view,
    case_detail,
    case_header,
    list_cases,
    open_cases_with_deadlines,
)
from awas.cases.records import CaseDetail, CaseHeader, CaseSummary, IntakeResult, TransitionOption
from awas.cases.reporters import reseal_identities, reveal_identity
from awas.cases.sharing import route_case, share_case
from awas.cases.supplement import supplement_laporan
from awas.cases.temuan import open_temuan, open_temuan_from_finding
from awas.cases.workflow import TransitionRequest, allowed_transitions, transition

__all__ = [
    "CaseDetail",
    "CaseFilter",
    "CaseHeader",
    "CaseSummary",
    "EvidenceRef",
    "IntakeResult",
    "LaporanInput",
    "LaporanSupplement",
    "PelaporIdentity",
    "Principal",
    "TemuanInput",
    "TransitionOption",
    "TransitionRequest",
    "Witness",
    "allowed_transitions",
    "can_view",
    "case_detail",
    "case_header",
    "list_cases",
    "milestone_events",
    "open_cases_with_deadlines",
    "open_laporan",
    "open_temuan",
    "open_temuan_from_finding",
    "principal_for",
    "record_milestone",
    "reseal_identities",
    "reveal_identity",
    "route_case",
    "share_case",
    "supplement_laporan",
    "system_principal",
    "transition",
]

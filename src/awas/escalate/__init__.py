"""Escalation: what an engine found becomes a case (temuan) with its evidence captured.

The glue between the capabilities that find things (`awas.detect` findings, `awas.coord` clusters,
`awas.recap` findings) and the ones that act on them (`awas.cases`, `awas.evidence`). Each service
opens a temuan through `awas.cases.api.open_temuan` (idempotent on its source) and captures the
posts concerned through `awas.evidence.service.EvidenceService.capture_posts` (each post once per
case), so running it again returns the same case and captures nothing new.

    open_case_from_cluster(app, principal, cluster_id) -> Escalation        # awas coord open-case
    open_case_from_finding(app, principal, finding_id) -> Escalation        # awas case open --from-finding
    open_case_from_recap_finding(app, principal, finding_id) -> Escalation  # awas recap open-case
"""

from awas.escalate.cluster import open_case_from_cluster
from awas.escalate.finding import open_case_from_finding
from awas.escalate.recap import open_case_from_recap_finding
from awas.escalate.records import Escalation

__all__ = ["Escalation", "open_case_from_cluster", "open_case_from_finding", "open_case_from_recap_finding"]

"""Checks that refuse a report or finding outright (nothing stored, the attempt logged): missing
pelapor identity, times in the future or before the election stages began, times out of order,
unknown categories, elections or regions, attachments over the limit.

What can be fixed later (NIK, signature, evidence...) is not refused here: it becomes a syarat
formil/materiil result (requirements.py) and the case waits in `perlu_dilengkapi`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from awas.cases.catalogue import WorkflowCatalogue
from awas.cases.intake_models import MAX_TOTAL_ATTACHMENT_BYTES, EvidenceRef, LaporanInput, TemuanInput
from awas.errors import InputProblem
from awas.timeutil import to_wib

CLOCK_SKEW = timedelta(minutes=5)  # a form filled on a phone whose clock runs a little fast


def _wib(value: datetime) -> str:
    return to_wib(value).strftime("%d-%m-%Y %H:%M WIB")


def time_problems(
    source: str,
    times: dict[str, datetime | None],
    now: datetime,
    earliest: datetime | None,
) -> list[InputProblem]:
    """Future times, times before the election stages began, and known/received before occurred/known."""
    problems = []
    for name, value in times.items():
        if value is None:
            continue
        if value > now + CLOCK_SKEW:
            problems.append(InputProblem(source, f"waktu {_wib(value)} berada di masa depan", field=name))
        elif earliest is not None and value < earliest:
            problems.append(
                InputProblem(
                    source,
                    f"waktu {_wib(value)} sebelum tahapan pemilihan dimulai ({_wib(earliest)}, schedule.csv)",
                    field=name,
                )
            )
    problems.extend(_order(source, times))
    return problems


def _order(source: str, times: dict[str, datetime | None]) -> list[InputProblem]:
    problems = []
    for earlier, later in (("occurred_at", "known_at"), ("known_at", "received_at")):
        first, second = times.get(earlier), times.get(later)
        if first is not None and second is not None and second < first:
            problems.append(InputProblem(source, f"{later} tidak boleh sebelum {earlier}", field=later))
    return problems


def reference_problems(
    source: str, catalogue: WorkflowCatalogue, data: LaporanInput | TemuanInput, regions: set[str]
) -> list[InputProblem]:
    """Unknown category, election or region."""
    problems = []
    if data.category is not None and data.category not in catalogue.categories:
        problems.append(InputProblem(source, f"kategori {data.category!r} tidak dikenal", field="category"))
    if data.election_id is not None and data.election_id not in catalogue.elections:
        problems.append(
            InputProblem(source, f"pemilihan {data.election_id!r} tidak dikenal", field="election_id")
        )
    if data.region_code is not None and data.region_code not in regions:
        problems.append(
            InputProblem(source, f"wilayah {data.region_code!r} tidak dikenal", field="region_code")
        )
    return problems


def identity_problems(source: str, data: LaporanInput) -> list[InputProblem]:
    """The legal minimum (UU 1/2015 Pasal 134 ayat (3)): the pelapor's name and address."""
    problems = []
    if not data.pelapor.name:
        problems.append(
            InputProblem(source, "identitas pelapor wajib: nama pelapor kosong", field="pelapor.name")
        )
    if not data.pelapor.address:
        problems.append(
            InputProblem(source, "identitas pelapor wajib: alamat pelapor kosong", field="pelapor.address")
        )
    return problems


def attachment_problems(source: str, evidence: list[EvidenceRef]) -> list[InputProblem]:
    total = sum(e.size_bytes or 0 for e in evidence)
    if total > MAX_TOTAL_ATTACHMENT_BYTES:
        limit = MAX_TOTAL_ATTACHMENT_BYTES // 1024 // 1024
        return [InputProblem(source, f"lampiran terlalu besar: total melebihi {limit} MB", field="evidence")]
    return []

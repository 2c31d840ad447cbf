"""What intake accepts: a laporan (public report) or a temuan (finding), as typed, bounded models.

The web's public report form and the recap / coord / detect engines build these and call
`awas.cases.intake.open_laporan` / `open_temuan`. Sizes are bounded and control characters refused
here, so nothing oversized or binary reaches the database.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from awas.cases.identity import PelaporIdentity, Witness
from awas.domain.cases import Actor, TemuanSource
from awas.domain.legal import Track
from awas.domain.orgs import Tlp
from awas.errors import InputError, InputProblem

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024  # one file: a video clip or a scanned form
MAX_TOTAL_ATTACHMENT_BYTES = 200 * 1024 * 1024
MAX_TEXT = 20_000
M = TypeVar("M", bound=BaseModel)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_chars(value: Any, path: str = "") -> str | None:
    """Path of the first string holding a control character (NUL and friends), else None."""
    if isinstance(value, str):
        return path or "value" if CONTROL.search(value) else None
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return None
    for key, item in items:
        found = _control_chars(item, f"{path}.{key}" if path else key)
        if found:
            return found
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_control_characters(cls, data: Any) -> Any:
        where = _control_chars(data)
        if where:
            raise ValueError(f"control character in {where} (text must be plain UTF-8 text)")
        return data


class EvidenceRef(_Strict):
    """A piece of evidence the reporter points to; the file itself is kept by awas.evidence."""

    description: str = Field(min_length=1, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    filename: str | None = Field(default=None, max_length=255)
    media_type: str | None = Field(default=None, max_length=100)
    size_bytes: int | None = Field(default=None, ge=0, le=MAX_ATTACHMENT_BYTES)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class _CaseFields(_Strict):
    category: str | None = Field(default=None, max_length=40)
    actor: Actor | None = None
    election_id: str | None = Field(default=None, max_length=40)
    region_code: str | None = Field(default=None, max_length=16)
    occurred_at: AwareDatetime | None = None
    place: str | None = Field(default=None, max_length=500)
    tlp: Tlp = Tlp.AMBER


class LaporanInput(_CaseFields):
    """A public report (Formulir Laporan, Perbawaslu 9/2024): who reports what, about whom, when, where."""

    pelapor: PelaporIdentity
    terlapor: str | None = Field(default=None, max_length=500)
    known_at: AwareDatetime
    received_at: AwareDatetime | None = None
    title: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=MAX_TEXT)
    witnesses: list[Witness] = Field(default_factory=list, max_length=50)
    evidence: list[EvidenceRef] = Field(default_factory=list, max_length=50)
    signed: bool = False
    submission_id: str | None = Field(default=None, max_length=128)


class TemuanInput(_CaseFields):
    """A finding by supervisors or by an engine, pointing back to where it came from."""

    source_type: TemuanSource
    source_id: str | None = Field(default=None, max_length=128)
    summary: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=MAX_TEXT)
    terlapor: str | None = Field(default=None, max_length=500)
    track: Track | None = None
    known_at: AwareDatetime | None = None


class LaporanSupplement(_Strict):
    """What a pelapor adds when asked to complete a report (status `perlu_dilengkapi`)."""

    nik: str | None = Field(default=None, pattern=r"^\d{16}$")
    signed: bool | None = None
    terlapor: str | None = Field(default=None, max_length=500)
    place: str | None = Field(default=None, max_length=500)
    occurred_at: AwareDatetime | None = None
    description: str | None = Field(default=None, max_length=MAX_TEXT)
    evidence: list[EvidenceRef] = Field(default_factory=list, max_length=50)


def problems_of(exc: ValidationError, source: str) -> list[InputProblem]:
    """One InputProblem per pydantic error, naming the field path; never echoes the input value."""
    return [
        InputProblem(
            source,
            err["msg"].removeprefix("Value error, "),
            field=".".join(str(p) for p in err["loc"]) or None,
        )
        for err in exc.errors(include_url=False, include_input=False)
    ]


def parse_model(model: type[M], data: Any, source: str) -> M:
    """Validate `data` into `model`; InputError naming each bad field (values never echoed)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_of(exc, source), f"{source}: input tidak valid") from None

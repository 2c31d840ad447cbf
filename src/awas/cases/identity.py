"""The reporter's identity: sealed at rest, redacted from every plaintext field, re-sealable.

A laporan's pelapor and witnesses are sealed (`app.sealer`, Fernet under AWAS_SECRET_KEY) into
`case_reporters`; they never appear in plaintext in the database. Free text stored on a case (title,
description, reasons) is redacted against the identities of the case's reporters before it is
written, so a reporter who names themself in the description is not exposed to a partner either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from awas.crypto import SecretSealer

REDACTED = "[identitas disamarkan]"
MIN_TERM = 3


class Witness(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    phone: str | None = Field(default=None, max_length=40)


class PelaporIdentity(BaseModel):
    """The pelapor as on the Perbawaslu 9/2024 Formulir Laporan (name and address are the legal minimum)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=500)
    nik: str | None = Field(default=None, pattern=r"^\d{16}$")
    birth: str | None = Field(default=None, max_length=120)
    gender: str | None = Field(default=None, max_length=20)
    occupation: str | None = Field(default=None, max_length=120)
    nationality: str | None = Field(default=None, max_length=60)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)


def seal_identity(sealer: SecretSealer, identity: PelaporIdentity) -> str:
    return sealer.seal(identity.model_dump_json())


def open_identity(sealer: SecretSealer, sealed: str) -> PelaporIdentity:
    """The identity; SealError when the key is wrong or the value was altered."""
    return PelaporIdentity.model_validate_json(sealer.open(sealed))


def seal_witnesses(sealer: SecretSealer, witnesses: Iterable[Witness]) -> str:
    return sealer.seal(json.dumps([w.model_dump() for w in witnesses], ensure_ascii=False))


def open_witnesses(sealer: SecretSealer, sealed: str) -> list[Witness]:
    return [Witness.model_validate(item) for item in json.loads(sealer.open(sealed))]


def identity_terms(identity: PelaporIdentity, witnesses: Iterable[Witness] = ()) -> list[str]:
    """Every identifying string of a reporter and their witnesses, as given."""
    values = [identity.name, identity.address, identity.nik, identity.phone, identity.email]
    for witness in witnesses:
        values += [witness.name, witness.address, witness.phone]
    return [v for v in values if v and len(v.strip()) >= MIN_TERM]


def _pattern(term: str) -> str:
    digits = re.sub(r"\D", "", term)
    if len(digits) >= 6 and len(digits) >= 0.7 * len(term.replace(" ", "")):
        return _number_pattern(digits)
    words = [re.escape(word) for word in term.split()]
    return r"\s+".join(words)


def _number_pattern(digits: str) -> str:
    """A phone or NIK with any separators, and +62 / 0 written either way."""
    core = digits[2:] if digits.startswith("62") else digits[1:] if digits.startswith("0") else digits
    body = r"[\s.\-]*".join(re.escape(d) for d in core)
    return rf"(?:\+?62|0)?[\s.\-]*{body}" if core != digits else body


def redact(text: str, terms: Iterable[str]) -> str:
    """`text` with every identity term (any case, any spacing; phone numbers in any format) replaced."""
    patterns = sorted({_pattern(t) for t in terms if t and len(t.strip()) >= MIN_TERM}, key=len, reverse=True)
    for pattern in patterns:
        text = re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)
    return text


def redact_optional(text: str | None, terms: list[str]) -> str | None:
    return None if text is None else redact(text, terms)

"""RFC 3161 trusted timestamps for daily roots (rfc3161-client), requested and verified.

The message stamped for a day is `awas-evidence-daily-root:<YYYY-MM-DD>:<root hex>` (UTF-8), so a
token binds both the day and its root. Tokens are verified against the TSA root certificate(s) in
AWAS_EVIDENCE_TSA_CA_FILE before they are stored, and again by `verify`.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography import x509
from rfc3161_client import (
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from awas.core.registry import SetupError
from awas.errors import AwasError
from awas.evidence.config import EvidenceSettings


class TimestampError(AwasError):
    """The TSA could not be reached, refused, or returned a token that does not verify."""


@dataclass(frozen=True, slots=True)
class Timestamp:
    token: bytes  # the DER TimeStampResp as received
    gen_time: datetime
    tsa_url: str


def root_message(day: date, root: str) -> bytes:
    return f"awas-evidence-daily-root:{day.isoformat()}:{root}".encode()


def request_timestamp(settings: EvidenceSettings, message: bytes) -> Timestamp:
    """Ask the configured TSA to stamp `message`; verify the answer; TimestampError otherwise."""
    roots = _roots(settings)
    request = (
        TimestampRequestBuilder().data(message).nonce(nonce=True).cert_request(cert_request=True).build()
    )
    http = urllib.request.Request(
        settings.tsa_url,
        data=request.as_bytes(),
        headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
    )
    try:
        with urllib.request.urlopen(http, timeout=settings.timeout_s) as reply:  # noqa: S310 (configured URL)
            token = reply.read(1024 * 1024)
    except (urllib.error.URLError, OSError) as exc:
        raise TimestampError(f"TSA {settings.tsa_url} tidak dapat dihubungi: {exc}") from None
    gen_time = verify_token(token, message, roots, nonce=request.nonce)
    return Timestamp(token, gen_time, settings.tsa_url)


def verify_token(
    token: bytes, message: bytes, roots: list[x509.Certificate], nonce: int | None = None
) -> datetime:
    """Check a token's signature, certificate chain and message imprint; return its time."""
    try:
        response = decode_timestamp_response(token)
        builder = VerifierBuilder(nonce=nonce)
        for root in roots:
            builder = builder.add_root_certificate(root)
        builder.build().verify_message(response, message)
    except (VerificationError, ValueError) as exc:
        raise TimestampError(f"token RFC 3161 tidak sah: {exc}") from None
    return response.tst_info.gen_time.astimezone(UTC)


def _roots(settings: EvidenceSettings) -> list[x509.Certificate]:
    if not settings.tsa_url:
        raise SetupError("AWAS_EVIDENCE_TSA_URL belum diatur: tidak ada TSA untuk cap waktu")
    return load_roots(settings.tsa_ca_file)


def load_roots(path: Path | None) -> list[x509.Certificate]:
    """Root certificates from a PEM file; SetupError when none is configured or readable."""
    if path is None:
        raise SetupError(
            "AWAS_EVIDENCE_TSA_CA_FILE harus menunjuk sertifikat akar TSA (PEM) untuk verifikasi token"
        )
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SetupError(f"AWAS_EVIDENCE_TSA_CA_FILE {path}: {exc}") from None

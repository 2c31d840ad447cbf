"""TLS certificates: facts from a DER leaf, the leaf of a host whose certificate does not verify,
and what a change of certificate means (a routine renewal, or a swap worth an incident).
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509

from awas.watch.records import CertFacts, Severity, Signal


def cert_facts(der: bytes, verified: bool, verify_error: str = "") -> CertFacts:
    """Issuer, subject, validity, SANs and SHA-256 fingerprint of a DER certificate."""
    cert = x509.load_der_x509_certificate(der)
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        sans = tuple(names.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        sans = ()
    return CertFacts(
        sha256=hashlib.sha256(der).hexdigest(),
        issuer=cert.issuer.rfc4514_string(),
        subject=cert.subject.rfc4514_string(),
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
        sans=sans,
        verified=verified,
        verify_error=verify_error,
        pem=ssl.DER_cert_to_PEM_cert(der),
    )


def unverified_cert(host: str, port: int, timeout: float) -> bytes | None:
    """The leaf a host presents, without verifying it (to record what an invalid TLS host serves)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError):
        return None
    return der or None


@dataclass(frozen=True, slots=True)
class CertChange:
    """What the watch concluded about a certificate seen at a check."""

    known: list[str]  # fingerprints accepted so far (a load balancer may serve several)
    signal: Signal | None


def judge(previous: dict[str, object], current: CertFacts, renewal_days: int) -> CertChange:
    """Compare `current` with the stored certificate state (`cert` column)."""
    stored = previous.get("known")
    known = [str(k) for k in stored] if isinstance(stored, list) else []
    if not known or current.sha256 in known:
        return CertChange(sorted({*known, current.sha256}), None)
    last = previous.get("current") or {}
    assert isinstance(last, dict)
    renewal = _renewal(last, current, renewal_days)
    known = sorted({*known, current.sha256})
    if renewal:
        return CertChange(known, None)
    return CertChange(known, _swap_signal(last, current))


def _renewal(last: dict[str, object], current: CertFacts, days: int) -> bool:
    """Same issuer, still valid, and the old certificate was close to its expiry."""
    if not current.verified or last.get("issuer") != current.issuer:
        return False
    try:
        expiry = datetime.fromisoformat(str(last.get("not_after")))
    except ValueError:
        return False
    return expiry - datetime.now(UTC) <= timedelta(days=days)


def _swap_signal(last: dict[str, object], current: CertFacts) -> Signal:
    issuer_changed = last.get("issuer") != current.issuer
    why = "penerbit berbeda" if issuer_changed else "penerbit sama, jauh sebelum kedaluwarsa"
    if not current.verified:
        why += f"; sertifikat baru tidak sah ({current.verify_error})"
    level = Severity.HIGH if issuer_changed or not current.verified else Severity.MEDIUM
    detail = (
        f"sertifikat TLS berganti ({why}): {str(last.get('sha256', ''))[:16]}… → {current.sha256[:16]}…, "
        f"penerbit {current.issuer}"
    )
    data = {"old": last, "new": current.as_dict()}
    return Signal("certificate_changed", level, detail, strong=True, data=data)


def days_left(cert: dict[str, object]) -> int | None:
    try:
        expiry = datetime.fromisoformat(str(cert.get("not_after")))
    except ValueError:
        return None
    return (expiry - datetime.now(UTC)).days

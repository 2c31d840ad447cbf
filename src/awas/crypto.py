"""Sealing small secrets at rest (reporter identity, tip contacts) with key rotation.

Fernet (AES-128-CBC + HMAC-SHA256) with keys derived by HKDF from `AWAS_SECRET_KEY` (current) and
`AWAS_PREVIOUS_SECRET_KEYS` (comma-separated, old keys still accepted for reading). `seal` always uses
the current key; `rotate` re-seals a value under the current key, so a key change is: set the new
key, move the old one to the previous list, re-seal stored values, then drop the old key.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from awas.errors import AwasError

PREFIX = "sealed:v1:"


class SealError(AwasError):
    """A sealed value cannot be opened: wrong key, or the value was altered."""

    exit_code = 3


def derive_key(secret: str, purpose: str = "awas-sealer-v1") -> bytes:
    """A Fernet key derived from a secret string, one per purpose."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


class SecretSealer:
    """Encrypts and decrypts short text with the current key; decrypts with any previous key."""

    def __init__(self, current: str, previous: Sequence[str] = ()) -> None:
        if not current:
            raise ValueError("a sealing key is required")
        self._current = Fernet(derive_key(current))
        self._all = MultiFernet([self._current, *(Fernet(derive_key(k)) for k in previous if k)])

    def seal(self, plaintext: str) -> str:
        return PREFIX + self._current.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        """The plaintext; raises SealError for a value not sealed by one of our keys or altered since."""
        if not sealed.startswith(PREFIX):
            raise SealError("value is not sealed by awas")
        try:
            return self._all.decrypt(sealed.removeprefix(PREFIX).encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise SealError("sealed value cannot be opened (wrong key or altered)") from exc

    def rotate(self, sealed: str) -> str:
        """The same plaintext sealed under the current key."""
        return self.seal(self.open(sealed))

    def is_current(self, sealed: str) -> bool:
        try:
            self._current.decrypt(sealed.removeprefix(PREFIX).encode("ascii"))
        except (InvalidToken, UnicodeError):
            return False
        return True

from __future__ import annotations

import pytest

from awas.crypto import SealError, SecretSealer


def test_it_seals_and_opens_without_leaving_plaintext() -> None:
    sealer = SecretSealer("k" * 40)
    sealed = sealer.seal("Budi Santoso, NIK 1571010101900001")
    assert "Budi" not in sealed and "1571" not in sealed
    assert sealer.open(sealed) == "Budi Santoso, NIK 1571010101900001"


def test_a_rotated_key_still_opens_old_values_and_rotate_reseals() -> None:
    old = SecretSealer("old-key-" * 5)
    sealed = old.seal("pelapor")
    new = SecretSealer("new-key-" * 5, previous=["old-key-" * 5])
    assert new.open(sealed) == "pelapor" and not new.is_current(sealed)
    rotated = new.rotate(sealed)
    assert new.is_current(rotated) and SecretSealer("new-key-" * 5).open(rotated) == "pelapor"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda s: s[:-4] + "AAAA",
        lambda s: "plain text",
        lambda s: s[:30] + ("B" if s[30] == "A" else "A") + s[31:],
    ],
)
def test_altered_or_foreign_values_are_refused(tamper) -> None:  # noqa: ANN001
    sealer = SecretSealer("k" * 40)
    with pytest.raises(SealError):
        sealer.open(tamper(sealer.seal("rahasia")))


def test_a_wrong_key_cannot_open() -> None:
    with pytest.raises(SealError):
        SecretSealer("b" * 40).open(SecretSealer("a" * 40).seal("rahasia"))

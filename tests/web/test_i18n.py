"""Message catalogues: every key in both languages, every key the templates use exists, both render."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient

from awas.web.i18n import LANGUAGES, Translator, catalogue

KEY_IN_TEMPLATE = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def _template_texts() -> list[str]:
    root = files("awas.web").joinpath("templates")
    texts = []
    for entry in root.iterdir():
        children = entry.iterdir() if entry.is_dir() else [entry]
        texts += [child.read_text(encoding="utf-8") for child in children if child.name.endswith(".html")]
    return texts


def test_every_key_exists_in_both_catalogues() -> None:
    indonesian, english = catalogue("id"), catalogue("en")
    assert set(indonesian) == set(english)
    assert all(v.strip() for v in indonesian.values()) and all(v.strip() for v in english.values())


def test_every_literal_key_the_templates_use_is_in_the_catalogue() -> None:
    used = {key for text in _template_texts() for key in KEY_IN_TEMPLATE.findall(text)}
    assert len(used) > 50
    assert used - set(catalogue("id")) == set()


def test_placeholders_agree_between_languages() -> None:
    fields = re.compile(r"{(\w+)}")
    for key, text in catalogue("id").items():
        assert set(fields.findall(text)) == set(fields.findall(catalogue("en")[key])), key


def test_indonesian_is_the_default_and_unknown_keys_stay_visible() -> None:
    assert Translator("xx").lang == "id"
    assert Translator("id")("nav.map") == "Peta kerawanan"
    assert Translator("en")("no.such.key") == "no.such.key"
    assert LANGUAGES == ("id", "en")


@pytest.mark.parametrize(("lang", "word"), [("id", "Ringkasan pengawasan"), ("en", "Supervision overview")])
def test_pages_render_in_the_chosen_language(
    client_for: Callable[[str], TestClient], lang: str, word: str
) -> None:
    client = client_for("admin.bawaslu")
    response = client.get(f"/lang/{lang}?next=/overview")
    assert response.status_code == 303 and response.headers["location"] == "/overview"
    assert word in client.get("/overview").text
    assert f'<html lang="{lang}">' in client.get("/map").text


def test_every_key_the_templates_build_from_a_value_exists() -> None:
    """Keys made from data (`t("cases.kinds." ~ kind)`): every value the data can hold has its key."""
    from awas.cases.clocks import DeadlineState
    from awas.domain.cases import Actor, CaseKind
    from awas.domain.findings import ReviewStatus

    families = {
        "cases.kinds": [k.value for k in CaseKind],
        "laporan.kinds": ["formil", "materiil"],
        "report.cases.opened": [k.value for k in CaseKind],
        "cases.colours": ["overdue", "today", "soon", "later", "none"],
        "deadline": [s.value for s in DeadlineState],
        "actor": [a.value for a in Actor],
        "review": [s.value for s in ReviewStatus],
        "feed.accounts": ["registered", "unregistered"],
        "recap.families": ["C", "X", "D", "H", "F", "I"],
    }
    for lang in LANGUAGES:
        known = set(catalogue(lang))
        missing = [f"{p}.{v}" for p, values in families.items() for v in values if f"{p}.{v}" not in known]
        assert missing == [], lang

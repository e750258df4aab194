"""Language of a feedback text: en, nl, de, or other."""

from __future__ import annotations

import pytest

from empathy_studio.evidence.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The delivery was late and nobody answered my e-mails.", "en"),
        ("De bezorging was te laat en niemand beantwoordde mijn mails.", "nl"),
        ("Die Lieferung kam zu spät und niemand hat auf meine Mails geantwortet.", "de"),
        ("Lange wachttijd.", "nl"),
        ("Zug zu spät", "de"),
        ("Service was slow", "en"),
        ("La livraison était en retard et personne n'a répondu à mes courriels.", "other"),
        ("El pedido llegó tarde y nadie respondió a mis correos electrónicos.", "other"),
    ],
)
def test_languages(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_links_handles_and_placeholders_do_not_decide() -> None:
    text = "@DB_Bahn Der Zug nach Köln fällt schon wieder aus https://t.co/AbCdEf [phone]"
    assert detect_language(text) == "de"


def test_text_without_letters_is_other_and_too_short_falls_back_to_english() -> None:
    assert detect_language("👍 10/10") == "other"
    assert detect_language("") == "other"
    assert detect_language("ok") in {"en", "nl", "de"}

"""Personal data is masked on import; ordinary numbers and the rest of the text are left alone."""

from __future__ import annotations

import pytest

from empathy_studio.evidence.masking import mask_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me at jan.de.vries@example.nl please.", "Mail me at [e-mail] please."),
        ("Bel me op 06-12345678 of 020 123 4567.", "Bel me op [phone] of [phone]."),
        ("Call +31 20 123 4567 tomorrow", "Call [phone] tomorrow"),
        ("Ruf mich an: 030 12345678 oder 0171 1234567", "Ruf mich an: [phone] oder [phone]"),
        ("Ring 07700 900123 or (212) 555-0199", "Ring [phone] or [phone]"),
        ("Refund to NL91ABNA0417164300 please", "Refund to [iban] please"),
        ("Überweisung auf DE89 3704 0044 0532 0130 00", "Überweisung auf [iban]"),
        ("Charged twice on 4111 1111 1111 1111!", "Charged twice on [card]!"),
        ("Deliver to Kerkstraat 12a, 1234 AB Amsterdam", "Deliver to [address], [postcode] Amsterdam"),
        ("Lieferung an Hauptstraße 5, 10115 Berlin", "Lieferung an [address]"),
        ("Send it to 10 Downing Street, London SW1A 2AA", "Send it to [address], London [postcode]"),
        ("My IP was 81.204.12.7 when it failed", "My IP was [ip] when it failed"),
        ("See https://shop.example/track?email=a%40b.nl&id=3", "See [link]"),
        ("Profile: https://www.facebook.com/jan.devries", "Profile: [link]"),
    ],
)
def test_personal_data_becomes_placeholders(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It cost €1.250,00 and later £19.99 — only 3 stars.",
        "Ordered 12 items on 12-05-2024 at 10:30, arrived 2024-05-19.",
        "Order 3264677178 still not here",
        "Ticket #20231234567 was closed without answer",
        "We waited 45 minutes; 100000 customers; 1000 MB; the 2019 EU rules",
        "+++ 16.45 Uhr: Zug fällt aus +++ Mehr als 333.000 Fahrgäste betroffen",
        "Am 21.05.2015 07:45 kam der Zug nicht.",
        "I have a 2004 CR-V and product X12XE",
        "The help page https://example.com/help/returns was useless",
        "Nothing personal here at all.",
    ],
)
def test_ordinary_numbers_and_text_stay(text: str) -> None:
    assert mask_personal_data(text) == text


def test_only_the_personal_part_changes() -> None:
    text = "Hi, I'm Anna (anna@example.com). The app crashed twice!"
    assert mask_personal_data(text) == "Hi, I'm Anna ([e-mail]). The app crashed twice!"

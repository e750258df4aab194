"""Masks personal data in feedback before it is stored: e-mail addresses, phone numbers, IBANs, card
numbers, IP addresses, street addresses and postcodes, and links that carry a person's identity. Each
is replaced by a placeholder such as "[e-mail]"; everything else is left exactly as it was.

Phone numbers are recognised by Google's libphonenumber (the `phonenumbers` port), which knows the
numbering plans of every country, so "020 123 4567" is a Dutch number while "€ 1.250,00", "3 stars",
"12-05-2024" and "order 1234" are not numbers anybody can be called on."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import phonenumbers

# Countries whose local number styles we expect besides international "+..." numbers, which any of
# them recognises.
_PHONE_REGIONS = ("NL", "DE", "GB", "US")
_DIGIT_RUN = re.compile(r"\d[\d\s().\-/]{5,}\d")  # seven digits or more: only then ask libphonenumber
_PHONE_MIN_DIGITS = 8  # shorter "numbers" in text are times, amounts and dates far more often
_DATE_LIKE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[:.]\d{2}\s*(?:uhr|uur|h)\b", re.I)
# A number right after one of these words is a reference, not a phone number, unless a phone word is near.
_REFERENCE_WORDS = re.compile(
    r"(?:order|ticket|case|ref|reference|invoice|account|tracking|booking|bestelling|bestelnummer"
    r"|factuur|klantnummer|dossier|bestellung|auftrag|rechnung|kundennummer|buchung|vorgang|nr|no|#)"
    r"\W{0,5}(?:\w+\W{1,3}){0,2}$",
    re.I,
)
_PHONE_WORDS = re.compile(
    r"call|phone|tel|mobile|cell|whatsapp|sms|bel|telefoon|mobiel|ruf|telefon|handy|fax", re.I
)

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")  # US social security number
_STREET = re.compile(
    r"\b[A-ZÄÖÜ][\w.'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|straße|strasse|str\.|gasse"
    r"|allee|damm|platz)\s+\d{1,4}(?:\s?[a-zA-Z](?![\w]))?"
    r"|\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Close|Crescent"
    r"|Boulevard)(?!\w)"
)
_DE_POSTCODE_AFTER_STREET = re.compile(r"\[address\],?\s+(?:D-)?\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+")
# A Dutch postcode only with the town after it: "2004 CR" alone is as likely a car model.
_NL_POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?=,?\s+[A-Z][a-z])")
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")  # with its space; "X12XE" is a product code
_NOT_POSTCODE_LETTERS = {"MB", "GB", "KB", "TB", "KM", "CM", "MM", "KG", "EU", "US", "UK", "AM", "PM",
                         "HD", "TV", "PC", "CO", "KW", "MW", "GW", "PS", "AD", "BC"}  # fmt: skip
# Query parameters and profile sites that put a person in a link.
_PERSONAL_PARAMS = {"email", "e-mail", "mail", "name", "naam", "user", "username", "userid", "user_id",
                    "uid", "token", "session", "sid", "phone", "tel", "telefoon", "telefon", "address",
                    "adres", "adresse", "customer", "klant", "kunde", "account", "postcode", "zip"}  # fmt: skip
_PROFILE_HOSTS = ("facebook.com", "fb.com", "instagram.com", "linkedin.com", "tiktok.com", "twitter.com",
                  "x.com", "threads.net", "xing.com")  # fmt: skip


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _luhn_valid(candidate: str) -> bool:
    digits = [int(ch) for ch in candidate if ch.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _ip_valid(candidate: str) -> bool:
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return not (address.is_loopback or address.is_unspecified)


def _personal_url(url: str) -> bool:
    if "@" in url or "%40" in url:
        return True
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        return True  # a link we cannot take apart we cannot vouch for either
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in _PROFILE_HOSTS and parts.path.strip("/"):
        return True
    return any(key.lower() in _PERSONAL_PARAMS for key, _ in parse_qsl(parts.query, keep_blank_values=True))


def _looks_like_phone(text: str, start: int, end: int) -> bool:
    candidate = text[start:end]
    if sum(ch.isdigit() for ch in candidate) < _PHONE_MIN_DIGITS or _DATE_LIKE.search(candidate):
        return False
    before = text[max(0, start - 30) : start]
    return not _REFERENCE_WORDS.search(before) or bool(_PHONE_WORDS.search(before))


def _mask_phones(text: str) -> str:
    if not _DIGIT_RUN.search(text):
        return text
    spans: list[tuple[int, int]] = []
    for region in _PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if _looks_like_phone(text, match.start, match.end):
                spans.append((match.start, match.end))
    # Several regions may find the same number, or overlapping parts of it: merge, then replace.
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + "[phone]" + text[end:]
    return text


def _sub_if(pattern: re.Pattern[str], placeholder: str, text: str, valid: Callable[[str], bool]) -> str:
    def replace(match: re.Match[str]) -> str:
        if not valid(match.group(0)):
            return match.group(0)
        return placeholder

    return pattern.sub(replace, text)


def mask_personal_data(text: str) -> str:
    """The text with personal data replaced by placeholders; the order matters: links and e-mail
    addresses go first so their digits are not taken for phone numbers."""
    text = _sub_if(_URL, "[link]", text, _personal_url)
    text = _EMAIL.sub("[e-mail]", text)
    if not any(ch.isdigit() for ch in text):
        return text  # all that is left needs digits; most feedback has none
    text = _sub_if(_IBAN, "[iban]", text, _iban_valid)
    text = _sub_if(_CARD, "[card]", text, _luhn_valid)
    text = _sub_if(_IP, "[ip]", text, _ip_valid)
    text = _SSN.sub("[id-number]", text)
    text = _STREET.sub("[address]", text)
    text = _DE_POSTCODE_AFTER_STREET.sub("[address]", text)
    text = _sub_if(_NL_POSTCODE, "[postcode]", text, lambda m: m[-2:] not in _NOT_POSTCODE_LETTERS)
    text = _UK_POSTCODE.sub("[postcode]", text)
    return _mask_phones(text)

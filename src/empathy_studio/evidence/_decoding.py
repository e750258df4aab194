"""Bytes of an uploaded feedback file to text: finds the encoding, refuses what is not text at all."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from empathy_studio.domain.errors import InvalidInput

# Signatures of files people upload by mistake, with what to do instead.
_NOT_TEXT = (
    (b"%PDF", "This is a PDF file. Export the feedback as CSV, Excel (.xlsx) or plain text."),
    (
        b"\xd0\xcf\x11\xe0",
        "This is an old Excel (.xls) or Word file, or a password-protected workbook. "
        "Save it as .xlsx without a password, or as CSV.",
    ),
    (b"\x89PNG", "This is an image, not a feedback file."),
    (b"\xff\xd8\xff", "This is an image, not a feedback file."),
    (b"GIF8", "This is an image, not a feedback file."),
    (b"\x1f\x8b", "This is a compressed (gzip) file. Unpack it first."),
    (b"PK\x03\x04", "This is a ZIP archive (perhaps a Word document). Export the feedback as CSV or .xlsx."),
)
# Non-ASCII characters Western European text in Windows-1252 consists of; anything else (box drawing,
# control codes) means Windows-1252 was the wrong guess.
_WESTERN_MARKS = set("€„“”‘’‚–—•…°§²³«»½¼¾´·×÷¡¿ \u00a0")
DAMAGED_UTF8 = "utf-8 (damaged)"
_CONTROL_SHARE = 0.01  # more control characters than this and it is binary, whatever it decodes to


def not_text_message(raw: bytes) -> str | None:
    return next((message for magic, message in _NOT_TEXT if raw.startswith(magic)), None)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a byte order mark shows as a NUL in every other byte of ASCII text."""
    head = raw[:4096]
    if len(head) < 4 or len(raw) % 2:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) > 0.9 * len(zeros):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _check_is_text(text: str) -> None:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    if sample and controls > _CONTROL_SHARE * len(sample):
        raise InvalidInput("This looks like a binary file, not text.", code="import_not_text")


def _as_windows_1252(raw: bytes) -> str | None:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    special = [ch for ch in text if ord(ch) > 127]
    plausible = sum(1 for ch in special if ch.isalpha() or ch in _WESTERN_MARKS)
    if plausible < 0.95 * len(special):
        return None
    _check_is_text(text)
    return text


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was in. UTF-8 first, since nearly everything is; then
    byte order marks; then the most likely legacy encoding as charset-normalizer judges it."""
    message = not_text_message(raw)
    if message:
        raise InvalidInput(message, code="import_not_text")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise InvalidInput(
                    f"The file says it is {encoding.upper().removesuffix('-SIG')} text but is damaged "
                    "or in another encoding. Save it again as UTF-8.",
                    code="import_not_text",
                ) from None
            _check_is_text(text)
            return text, encoding.removesuffix("-sig")
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        _check_is_text(utf16)
        return utf16, "utf-16"
    if b"\x00" in raw[:65536]:
        raise InvalidInput("This looks like a binary file, not text.", code="import_not_text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_is_text(text)
        return text, "utf-8"
    # Mostly UTF-8 with a few stray bytes (two files pasted together): keep UTF-8, and let the reader
    # report the lines with "\ufffd" in them rather than turn every accent of the file into mojibake.
    damaged = raw.decode("utf-8", errors="replace")
    if sum(1 for ch in damaged if ord(ch) > 127 and ch != "\ufffd") > damaged.count("\ufffd"):
        _check_is_text(damaged)
        return damaged, DAMAGED_UTF8
    # Windows-1252 is what Excel and mail tools in English, Dutch and German write when not UTF-8; on
    # short files charset-normalizer may pick DOS code pages instead, so it only decides the rest.
    western = _as_windows_1252(raw)
    if western is not None:
        return western, "cp1252"
    best = from_bytes(raw).best()
    if best is None:
        raise InvalidInput(
            "The file's encoding cannot be recognised. Save it again as UTF-8 text.", code="import_not_text"
        )
    text = raw.decode(best.encoding, errors="replace")
    _check_is_text(text)
    return text, best.encoding.replace("_", "-")

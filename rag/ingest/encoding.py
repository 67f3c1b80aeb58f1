"""A plain-text file's bytes as text: UTF-8, or the legacy encoding it was saved in (Windows editors still save
Western text as Windows-1252, Notepad "Unicode" as UTF-16), told by charset-normalizer.

In: the file's bytes. Out: its text, or None when no encoding reads it as prose (a damaged or binary file is
skipped with a warning, never indexed as mojibake).
"""

from __future__ import annotations

import codecs

from charset_normalizer import CharsetMatch, from_bytes

WESTERN = "cp1252"
# A legacy decoding is kept only when it reads as a language (charset-normalizer's coherence), or, for Western
# text too short for that to tell, as Windows-1252 prose: mostly letters, no control characters.
_MIN_COHERENCE = 0.2
_MAX_CHAOS = 0.1
_MIN_LETTERS = 0.5
_COHERENCE_TIE = 0.05
# Windows code pages, the most used first: Western, Central European, Cyrillic, Greek, Turkish, Baltic, Hebrew,
# Arabic, Thai, Vietnamese.
_WINDOWS = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256", "cp874", "cp1258")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of a plain-text file, or None when it is not text in any encoding that can be told."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # Text in one of the Latin, Cyrillic or Greek code pages reads without chaos in several of them, with
    # coherence a few points apart ("naïve" is "naďve" in Windows-1250, Windows-1252 text scored best as DOS
    # Baltic): among readings that good, the more widely used Windows code page is the likelier.
    near = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence - _COHERENCE_TIE]
    readable = {encoding: m for m in near for encoding in m.could_be_from_charset}
    for encoding in _WINDOWS:
        match = readable.get(encoding)
        if match is None:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Too short a text for coherence to tell is still read as Windows-1252 if it is prose.
        if _coherent(match) or (encoding == WESTERN and _prose(text)):
            return text, encoding
        break
    if _coherent(best):
        return str(best), best.encoding
    # One reading only, clean, of a script charset-normalizer has no language model for (Thai in Windows-874).
    if len(matches) == 1 and best.chaos <= _MAX_CHAOS and _prose(str(best)):
        return str(best), best.encoding
    return None


def _coherent(match: CharsetMatch) -> bool:
    return match.chaos <= _MAX_CHAOS and match.coherence >= _MIN_COHERENCE


def _prose(text: str) -> bool:
    """Mostly letters, and no control character but line and tab breaks."""
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return False
    visible = [c for c in text if not c.isspace()]
    return bool(visible) and sum(c.isalpha() for c in visible) / len(visible) >= _MIN_LETTERS

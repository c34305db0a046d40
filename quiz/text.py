"""Text at the two edges of the tool: what comes in is cleaned once, what goes out to a
terminal has its control characters made visible.

Pure functions on strings. `visible` is used on every message the command line prints,
`--version` and `--help` included, so this module imports nothing at its top (not even
`re`, which start-up would pay for).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

# Characters a terminal acts on instead of showing: C0 and C1 controls and DEL (escape
# sequences start with ESC or with C1's CSI, U+009B), line and paragraph separators,
# bidirectional embeddings, overrides and isolates (they reorder what is shown), and lone
# surrogates (not text at all: they cannot even be encoded). The newline is kept apart:
# messages are made of lines.
_HIDDEN_RANGES = (
    (0x00, 0x09),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
)
_ESCAPES: dict[int, str] = {}  # code point → its escape, filled on first use


def verb(count: int, one: str, many: str) -> str:
    """The verb that agrees with `count`: verb(1, "keeps", "keep") is "keeps"."""
    return one if count == 1 else many


def and_list(items: list[str]) -> str:
    """Names as a sentence lists them: "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escapes(lines: bool) -> dict[int, str]:
    if not _ESCAPES:
        for low, high in _HIDDEN_RANGES:
            _ESCAPES.update((code, _escape(code)) for code in range(low, high + 1))
    return _ESCAPES if lines else {**_ESCAPES, 0x0A: "\\x0a"}


def visible(text: str, *, lines: bool = True) -> str:
    """`text` as a terminal should show it: every control character written out as an escape
    (ESC as `\\x1b`, U+202E as `\\u202e`), so nothing in it can set a window title, clear the
    screen, make a link or reorder what is shown. With `lines`, newlines stay newlines."""
    if text.isascii() and (text.replace("\n", "") if lines else text).isprintable():
        return text  # the usual case, decided in C
    return text.translate(_escapes(lines))


# What prompt_toolkit and the file system hand over for bytes that are not UTF-8: each byte
# as a lone surrogate from U+DC80 to U+DCFF (Python's "surrogateescape").
_ESCAPED_BYTES = "[\udc80-\udcff]+"
_SURROGATE = "[\ud800-\udfff]"
_ANSI_SEQUENCE = r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])"
_BIDI_CONTROLS = "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"


def _bytes_as_text(found: re.Match[str]) -> str:
    raw = found[0].encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Typed in a Latin-1 terminal, most likely: é arrives as the one byte 0xE9.
        return raw.decode("latin-1")


def without_surrogates(text: str) -> str:
    """`text` with bytes that were not UTF-8 read as the text they most likely were, and any
    other lone surrogate (which no file can hold) made U+FFFD, the replacement character."""
    if text.isascii():
        return text
    import re

    if not re.search(_SURROGATE, text):
        return text
    return re.sub(_SURROGATE, "\ufffd", re.sub(_ESCAPED_BYTES, _bytes_as_text, text))


def clean_text(text: str) -> str:
    """Free text as it is stored: valid Unicode, no escape sequences, control or bidi-control
    characters, runs of whitespace made one space, ends trimmed."""
    import re
    import unicodedata  # only free text needs these

    text = re.sub(_ANSI_SEQUENCE, "", without_surrogates(text))
    text = re.sub(_BIDI_CONTROLS, "", text)
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in unicodedata.normalize("NFC", text)
    )
    return " ".join(text.split())


def first_hidden(text: str) -> str | None:
    """The first character of `text` a terminal would act on rather than show, or that
    would break a line (a newline), written as its escape, or None."""
    escapes = _escapes(lines=False)
    return next((escapes[ord(ch)] for ch in text if ord(ch) in escapes), None)

"""Text that comes from outside (arguments, environment, stdin, an editor): valid Unicode, or refused."""

from __future__ import annotations

from kamctl.errors import InvalidValue
from kamctl.i18n import _
from kamctl.paths import without_password

_SHOWN_CHARACTERS = 40


def check_utf8(text: str, what: str) -> str:
    """`text` itself when it can be stored and printed; InvalidValue naming `what` otherwise.

    Python hands over command-line arguments and environment variables with every byte that is
    not UTF-8 kept as a lone surrogate (U+DC80–U+DCFF, "surrogateescape"), so `B\\xff` arrives
    as 'B\\udcff': text that no database driver and no UTF-8 output can take.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(
            _("{what} is not valid UTF-8 text: {text} (check the encoding of the terminal or script)").format(
                what=what, text=_shown(text)
            )
        ) from None
    return text


def _shown(text: str) -> str:
    # The undecodable bytes as \xNN, as a hex dump would show them; the rest as typed, but for a
    # URL's password (a --db or KAMCTL_DB): SPEC §10, no password in any message.
    text = without_password(text)
    shown = "".join(_escaped(character) for character in text[:_SHOWN_CHARACTERS])
    return f"'{shown}…'" if len(text) > _SHOWN_CHARACTERS else f"'{shown}'"


def _escaped(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return character

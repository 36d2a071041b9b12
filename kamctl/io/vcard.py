"""vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) in and out: the people of an account map as address-book cards.

Written here rather than with `vobject` (the one maintained Python vCard library), which reads
and writes vCard 3.0 only. The subset kamctl needs is small and fully covered by tests:

- Reading: vCard 2.1, 3.0 and 4.0; line unfolding (and 2.1 quoted-printable soft breaks);
  groups (`item1.TEL`); parameters in 2.1 (`TEL;WORK;VOICE`), 3.0 and 4.0 form, quoted and with
  RFC 6868 `^` escapes; `ENCODING=QUOTED-PRINTABLE` / `b` / `BASE64` and `CHARSET=…` (such as the
  Shift_JIS of older Japanese phones); text escapes `\\n \\, \\; \\\\`. The file itself is UTF-8
  (with or without BOM) unless a property says otherwise.
- Writing: CRLF lines folded at 75 octets without splitting a UTF-8 character, text escaped
  (control characters shown as `\\x1b`); `UID` (stable per contact and database: address books
  such as khard drop a card without one), `REV`, in 4.0 `KIND:individual`;
  `FN N ORG TITLE EMAIL TEL NOTE`, the reading as `X-PHONETIC-LAST-NAME`/`-FIRST-NAME` (Apple's,
  read by iOS, macOS and Google) and in 3.0 also `SORT-STRING`, plus the map fields as
  `X-KAMCTL-ROLE`, `-INFLUENCE`, `-STANCE`, `-REPORTS-TO`, `-OUR-CONTACT`, `-CADENCE-DAYS`,
  `-LEFT`. Both versions are UTF-8 without a CHARSET parameter (RFC 2426 has none; strict
  readers refuse it).

Properties mapped on import: FN (else N) → name, the reading (X-PHONETIC-*, else 2.1's
`SOUND;X-IRMC-N`, else SORT-STRING), TITLE, the work (else preferred, else first) EMAIL and TEL,
NOTE, ORG → account (used when no --account is given), UID, REV and the X-KAMCTL- fields. Cards
that describe a company (KIND:org, `X-ABShowAs:COMPANY`, an empty N) are skipped with a note.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kamctl import __version__
from kamctl.errors import InvalidValue
from kamctl.i18n import _
from kamctl.io.ical import escape_text  # vCard's TEXT escapes are iCalendar's (RFC 6350 §3.4)
from kamctl.io.rows import SourceRow, check_file

VERSIONS = ("3.0", "4.0")
"""The versions kamctl writes; it reads 2.1 as well."""

READABLE_VERSIONS = ("2.1", "3.0", "4.0")

FOLD_OCTETS = 75
"""RFC 2426 §2.6 / RFC 6350 §3.2: lines longer than 75 octets are folded."""

EXTRA_PROPERTIES = {
    "X-KAMCTL-ROLE": "role",
    "X-KAMCTL-INFLUENCE": "influence",
    "X-KAMCTL-STANCE": "stance",
    "X-KAMCTL-REPORTS-TO": "reports_to",
    "X-KAMCTL-OUR-CONTACT": "our_contact",
    "X-KAMCTL-CADENCE-DAYS": "cadence_days",
    "X-KAMCTL-LEFT": "left",
}
"""The account-map fields that address books have no property for."""

TEXT_PROPERTIES = {"FN": "name", "TITLE": "title", "NOTE": "notes", **EXTRA_PROPERTIES}

_HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "sir"}


# ---------------------------------------------------------------------------------------------
# Reading.


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    raw: bytes
    line: int


@dataclass
class _Card:
    line: int
    properties: list[Property] = field(default_factory=list)
    problem: str | None = None


class VCardError(ValueError):
    """A card that cannot be read; the message says which line and why."""


def looks_like_vcard(data: bytes) -> bool:
    """True when `data` starts (after a BOM and blank lines) with BEGIN:VCARD."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:11].upper() == b"BEGIN:VCARD"


VCARD_SNIFF = 4096
"""Bytes read to tell a vCard file from CSV or JSON."""


def is_vcard_file(file: Path) -> bool:
    """Whether an import file holds vCards: by its suffix, else by its first bytes. A file that
    cannot be read is refused before any of it is (`check_file`)."""
    check_file(file)  # before reading all of it: a device such as /dev/zero never ends
    try:
        with file.open("rb") as start:
            head = start.read(VCARD_SNIFF)
    except FileNotFoundError:
        raise InvalidValue(_("no file {file}").format(file=repr(str(file)))) from None
    except IsADirectoryError:
        raise InvalidValue(_("{file} is a folder, not a file").format(file=file)) from None
    return file.suffix.casefold() in (".vcf", ".vcard") or looks_like_vcard(head)


@dataclass
class AddressBook:
    """The people of a vCard file, one row per card, and a note for each card left out."""

    rows: list[SourceRow]
    skipped: list[str]


def read_address_book(data: bytes) -> AddressBook:
    """One row per person's card, with kamctl field names as keys (and `vcard_uid`, `rev`); `where`
    is the line of its BEGIN:VCARD. Company cards are skipped, each with a note."""
    book = AddressBook([], [])
    for card in _cards(_logical_lines(data)):
        where = _("line {number}").format(number=card.line)
        if card.problem:
            book.rows.append(SourceRow(where, {}, card.problem))
            continue
        try:
            company = _company(card)
            if company is not None:
                note = _("{where}: skipped {company}, a card of a company, not of a person")
                book.skipped.append(note.format(where=where, company=repr(company)))
                continue
            book.rows.append(SourceRow(where, _card_fields(card)))
        except VCardError as exc:
            book.rows.append(SourceRow(where, {}, str(exc)))
    return book


def read_vcards(data: bytes) -> list[SourceRow]:
    """The rows of `read_address_book`, without the notes about skipped cards."""
    return read_address_book(data).rows


def _physical_lines(data: bytes) -> list[bytes]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return re.split(rb"\r\n|\n|\r", data)


_QP = re.compile(rb"^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]", re.IGNORECASE)


def _logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Unfolded content lines with the number of the physical line each starts on."""
    current: bytes | None = None
    start = 0
    for number, line in enumerate(_physical_lines(data), start=1):
        if current is not None and current.endswith(b"=") and _QP.match(current):
            # vCard 2.1 quoted-printable: "=" at the end of a line is a soft line break.
            current = current[:-1] + line
            continue
        if current is not None and line[:1] in (b" ", b"\t"):
            current += line[1:]
            continue
        if current is not None:
            yield start, current
        current, start = line, number
    if current is not None:
        yield start, current


def _cards(lines: Iterable[tuple[int, bytes]]) -> Iterator[_Card]:
    card: _Card | None = None
    nested = 0
    for number, line in lines:
        if not line.strip():
            continue
        upper = line.strip().upper()
        if upper == b"BEGIN:VCARD":
            if card is None:
                card = _Card(number)
            else:
                nested += 1  # an embedded card (2.1 AGENT): not a person of this import
            continue
        if upper == b"END:VCARD":
            if nested:
                nested -= 1
            elif card is not None:
                yield card
                card = None
            continue
        if card is None or nested:
            continue  # text between cards is not part of any card
        if card.problem:
            continue
        try:
            card.properties.append(_parse_line(line, number))
        except VCardError as exc:
            card.problem = str(exc)
    if card is not None:
        card.problem = card.problem or "the card has no END:VCARD"
        yield card


def _parse_line(line: bytes, number: int) -> Property:
    """`group.NAME;PARAM=a,b;PARAM2="x:y":value` split up; the value stays bytes until its charset is
    known."""
    in_quotes = False
    for position, byte in enumerate(line):
        if byte == 0x22:  # "
            in_quotes = not in_quotes
        elif byte == 0x3A and not in_quotes:  # :
            head, raw = line[:position], line[position + 1 :]
            break
    else:
        raise VCardError(_("line {number} is not a vCard property (NAME:value)").format(number=number))
    try:
        head_text = head.decode("ascii")
    except UnicodeDecodeError:
        message = _("line {number}: property names and parameters must be ASCII")
        raise VCardError(message.format(number=number)) from None
    parts = _split_unquoted(head_text, ";")
    name = parts[0].strip().upper()
    if "." in name:
        name = name.rsplit(".", 1)[1]  # item1.TEL → TEL (Apple's groups)
    if not re.fullmatch(r"[A-Z0-9-]+", name):
        message = _("line {number}: {name} is not a vCard property name")
        raise VCardError(message.format(number=number, name=repr(name)))
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep:
            # vCard 2.1 names bare types (TEL;WORK;VOICE) and encodings (;QUOTED-PRINTABLE).
            key, value = _bare_param(key)
        values = [_param_value(item) for item in _split_unquoted(value, ",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    return Property(name, params, raw, number)


def _bare_param(word: str) -> tuple[str, str]:
    upper = word.strip().upper()
    if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
        return "ENCODING", upper
    return "TYPE", upper


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts, current, in_quotes = [], [], False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
            current.append(char)
        elif char == separator and not in_quotes:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _param_value(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    # RFC 6868: ^n newline, ^' double quote, ^^ caret.
    return re.sub(r"\^(['n^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m.group(1)], text)


def _decoded(prop: Property) -> str:
    """The property's value as text: transfer encoding undone, then its charset (default UTF-8)."""
    raw = prop.raw
    encoding = (prop.params.get("ENCODING") or [""])[0].upper()
    try:
        if encoding == "QUOTED-PRINTABLE":
            raw = quopri.decodestring(raw)
        elif encoding in ("B", "BASE64"):
            raw = base64.b64decode(raw, validate=False)
    except (binascii.Error, ValueError):
        message = _("line {number}: {property} is not valid {encoding}")
        shown = message.format(number=prop.line, property=prop.name, encoding=encoding.lower())
        raise VCardError(shown) from None
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    if charset.casefold().replace("_", "-") in ("shift-jis", "sjis", "x-sjis"):
        charset = "cp932"  # what Japanese phones mean by it: Shift_JIS with NEC and IBM extensions
    try:
        text = raw.decode(charset)
    except LookupError:
        message = _("line {number}: unknown CHARSET {charset}")
        raise VCardError(message.format(number=prop.line, charset=repr(charset))) from None
    except UnicodeDecodeError:
        message = (
            _("line {number}: {property} is not {charset} text")
            if prop.params.get("CHARSET")
            else _("line {number}: {property} is not {charset} text (a CHARSET parameter names any other)")
        )
        raise VCardError(message.format(number=prop.line, property=prop.name, charset=charset)) from None
    if encoding == "QUOTED-PRINTABLE":
        # Outlook writes line breaks as =0D=0A: the text keeps plain newlines.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff")


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}


def unescape_text(text: str) -> str:
    r"""`\n`, `\,`, `\;` and `\\` as the characters they stand for; other backslashes are kept."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text, flags=re.DOTALL)


def _components(text: str) -> list[str]:
    """A structured value (N, ORG) split at unescaped semicolons, each part unescaped."""
    parts: list[str] = []
    current: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            current.append(text[position : position + 2])
            position += 2
            continue
        if char == ";":
            parts.append(unescape_text("".join(current)))
            current = []
        else:
            current.append(char)
        position += 1
    parts.append(unescape_text("".join(current)))
    return parts


def _card_fields(card: _Card) -> dict[str, Any]:
    by_name: dict[str, list[Property]] = {}
    for prop in card.properties:
        by_name.setdefault(prop.name, []).append(prop)
    version = _decoded(by_name["VERSION"][0]).strip() if "VERSION" in by_name else "3.0"
    if version not in READABLE_VERSIONS:
        message = _("vCard version {version} is not supported (2.1, 3.0 and 4.0 are)")
        raise VCardError(message.format(version=version))
    values: dict[str, Any] = {}
    for name, key in TEXT_PROPERTIES.items():
        if name in by_name:
            values[key] = unescape_text(_decoded(by_name[name][0]))
    if "name" not in values and "N" in by_name:
        values["name"] = name_from_parts(_components(_decoded(by_name["N"][0])))
    reading = _reading(by_name)
    if reading:
        values["reading"] = reading
    if "UID" in by_name:
        uid = unescape_text(_decoded(by_name["UID"][0])).strip()
        if uid:
            values["vcard_uid"] = uid
    if "REV" in by_name:
        values["rev"] = _revision(by_name["REV"][0])
    if "ORG" in by_name:
        organisation = _components(_decoded(_preferred(by_name["ORG"])))
        if organisation and organisation[0].strip():
            values["account"] = organisation[0].strip()
    for name, key in (("EMAIL", "email"), ("TEL", "phone")):
        if name in by_name:
            chosen = _preferred(by_name[name])
            text = unescape_text(_decoded(chosen)).strip()
            if name == "TEL":
                text = text.removeprefix("tel:")
            values[key] = text
    return values


def _preferred(props: list[Property]) -> Property:
    """The one marked preferred (3.0 `TYPE=pref`, 4.0 `PREF=1` is most preferred), else the one
    marked work (a key account's people are reached at work: Google lists home first), else the
    first."""

    def rank(prop: Property) -> tuple[int, bool]:
        types = _types(prop)
        pref = (prop.params.get("PREF") or [""])[0]
        preference = int(pref) if pref.isdigit() else (1 if "PREF" in types else 101)
        return (preference, "WORK" not in types)

    return min(props, key=rank)


def _types(prop: Property) -> set[str]:
    """A property's TYPE values, upper-case (`TYPE=work,voice`, `TYPE=WORK;TYPE=VOICE`, 2.1 `;WORK`)."""
    return {kind.strip().upper() for value in prop.params.get("TYPE", []) for kind in value.split(",")}


def _company(card: _Card) -> str | None:
    """The company's name when the card describes a company rather than a person, else None."""
    by_name = {prop.name: prop for prop in reversed(card.properties)}

    def text(name: str) -> str:
        return unescape_text(_decoded(by_name[name])).strip() if name in by_name else ""

    organisation = _components(_decoded(by_name["ORG"]))[0].strip() if "ORG" in by_name else ""
    no_person = "N" in by_name and not any(part.strip() for part in _components(_decoded(by_name["N"])))
    is_company = (
        text("KIND").casefold() in ("org", "organization")
        or text("X-ABSHOWAS").upper() == "COMPANY"
        # Google's and Outlook's company cards: no name parts, the company's name as FN.
        or (no_person and bool(organisation) and text("FN") in ("", organisation))
    )
    if not is_company:
        return None
    return text("FN") or organisation or "(no name)"


def _reading(by_name: Mapping[str, list[Property]]) -> str | None:
    """The phonetic name: Apple's X-PHONETIC-*, else 2.1's `SOUND;X-IRMC-N` (Japanese phones, often
    half-width katakana, made full-width), else 3.0's SORT-STRING."""
    phonetic = [
        unescape_text(_decoded(by_name[name][0])).strip()
        for name in ("X-PHONETIC-LAST-NAME", "X-PHONETIC-FIRST-NAME")
        if name in by_name
    ]
    if "X-PHONETIC-LAST-NAME" not in by_name:
        phonetic.insert(0, "")
    if any(phonetic):
        return name_from_parts(phonetic)
    for prop in by_name.get("SOUND", []):
        if "X-IRMC-N" in _types(prop):
            sound = name_from_parts(_components(unicodedata.normalize("NFKC", _decoded(prop))))
            if sound:
                return sound
    if "SORT-STRING" in by_name:
        return unescape_text(_decoded(by_name["SORT-STRING"][0])).strip() or None
    return None


def _revision(prop: Property) -> datetime | None:
    """REV as an aware UTC moment (`20260107T093000Z`, or ISO 8601), None when unreadable."""
    from dateutil import parser

    text = _decoded(prop).strip()
    try:
        moment = parser.isoparse(text)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# Names: FN is the name as written; N is the same name in parts, which vCard 3.0 requires.

_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff65-\uff9f]")


def name_parts(name: str) -> list[str]:
    """`family;given;additional;prefix;suffix` of a display name, as N wants it.

    Japanese, Chinese and Korean names are written family name first (`北村 正人`); others given
    name first, with a leading honorific as the prefix (`Dr. Sarah Collins`).
    """
    words = name.replace("\u3000", " ").split()
    if not words:
        return ["", "", "", "", ""]
    if _EAST_ASIAN.search(name):
        return [words[0], " ".join(words[1:]), "", "", ""]
    prefix = ""
    if len(words) > 1 and words[0].casefold() in _HONORIFICS:
        prefix, words = words[0], words[1:]
    if len(words) == 1:
        return [words[0], "", "", prefix, ""]
    return [words[-1], " ".join(words[:-1]), "", prefix, ""]


def name_from_parts(parts: list[str]) -> str:
    """A display name from N's parts, in the order the name's script writes it."""
    parts = [*parts, "", "", "", "", ""][:5]
    family, given, additional, prefix, suffix = (part.strip() for part in parts)
    if _EAST_ASIAN.search(family + given):
        return " ".join(part for part in (family, given) if part)
    return " ".join(part for part in (prefix, given, additional, family, suffix) if part)


# ---------------------------------------------------------------------------------------------
# Writing.


def fold(line: str) -> str:
    """`line` folded into CRLF-separated pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line) <= FOLD_OCTETS // 4 or len(line.encode("utf-8")) <= FOLD_OCTETS:
        return line + "\r\n"  # most lines: no need to look at each character
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = FOLD_OCTETS - 1  # the continuation's leading space is one of its 75 octets
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _content_line(name: str, value: str, *, params: str = "") -> str:
    return fold(f"{name}{params}:{value}")


def _reading_parts(reading: str) -> list[str]:
    """The reading as X-PHONETIC-LAST-NAME and -FIRST-NAME: split as the name is, when that reads
    back to the same text; otherwise whole as the last name (nothing is lost)."""
    parts = name_parts(reading)[:2]
    return parts if name_from_parts(parts) == reading else [reading, ""]


def write_vcard(
    record: Mapping[str, Any], *, version: str = "3.0", uid: str | None = None, rev: datetime | None = None
) -> str:
    """One contact (a `contacts list` record) as a vCard of `version`, with its `uid` and `rev`
    (the last change) when given."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r}")
    name = str(record["name"])
    lines = ["BEGIN:VCARD\r\n", f"VERSION:{version}\r\n", f"PRODID:-//kamctl//kamctl {__version__}//EN\r\n"]
    if uid:
        lines.append(_content_line("UID", escape_text(uid)))
    if version == "4.0":
        lines.append("KIND:individual\r\n")
    lines.append(_content_line("FN", escape_text(name)))
    parts = ";".join(escape_text(part) for part in name_parts(name))
    lines.append(_content_line("N", parts))
    reading = record.get("reading")
    if reading:
        last, first = _reading_parts(str(reading))
        if version == "3.0":
            lines.append(_content_line("SORT-STRING", escape_text(reading)))
        lines.append(_content_line("X-PHONETIC-LAST-NAME", escape_text(last)))
        if first:
            lines.append(_content_line("X-PHONETIC-FIRST-NAME", escape_text(first)))
    if record.get("account"):
        lines.append(_content_line("ORG", escape_text(record["account"])))
    if record.get("title"):
        lines.append(_content_line("TITLE", escape_text(record["title"])))
    if record.get("email"):
        kind = ";TYPE=INTERNET,WORK" if version == "3.0" else ";TYPE=work"
        lines.append(_content_line("EMAIL", escape_text(record["email"]), params=kind))
    if record.get("phone"):
        kind = ";TYPE=WORK,VOICE" if version == "3.0" else ";TYPE=work,voice"
        lines.append(_content_line("TEL", escape_text(record["phone"]), params=kind))
    if record.get("notes"):
        lines.append(_content_line("NOTE", escape_text(record["notes"])))
    for prop, key in EXTRA_PROPERTIES.items():
        value = record.get(key)
        if value is None or value == "" or (key == "left" and value is False):
            continue
        shown = ("true" if value else "false") if isinstance(value, bool) else value
        lines.append(_content_line(prop, escape_text(shown)))
    if rev is not None:
        lines.append(f"REV:{rev.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n")
    lines.append("END:VCARD\r\n")
    return "".join(lines)


def write_vcards(
    records: Iterable[Mapping[str, Any]],
    *,
    version: str = "3.0",
    cards: Mapping[int, tuple[str, datetime]] | None = None,
) -> str:
    """Contacts as vCards; `cards` gives each contact id's UID and last change."""
    cards = cards or {}
    out = []
    for record in records:
        uid, rev = cards.get(record.get("id"), (None, None))  # type: ignore[arg-type]
        out.append(write_vcard(record, version=version, uid=uid, rev=rev))
    return "".join(out)

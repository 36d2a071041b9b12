"""The language kamctl speaks (SPEC §12): English, or Japanese from the gettext catalog.

Every user-visible string is written in English in the code and passed through `_` (or
`ngettext`, `pgettext`) where it is shown; a string defined before the language is known (a
module constant, a table header, a label) is marked with `N_` and translated where it is used.
The Japanese catalog is `kamctl/locale/ja/LC_MESSAGES/kamctl.po`, compiled to `kamctl.mo` when
the package is built (`tools/catalog.py` extracts and checks it).

Cheap to import: English loads nothing, and Japanese loads the compiled catalog on its first use.
Enum values (`visit`, `decision-maker`) stay English in JSON, CSV and the database; `label`
shows one in the chosen language and `value_of` reads a Japanese label back (`--channel 訪問`).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date, datetime
    from gettext import GNUTranslations

LANGUAGES = ("en", "ja")
DEFAULT = "en"
VALUE_CONTEXT = "value"
"""The msgctxt of enum values' labels (`pgettext("value", "visit")` is 訪問)."""

_language: str | None = None  # None: not chosen yet (the first `_` chooses from the environment)
_catalog: GNUTranslations | None = None
_this_year: int | None = None


def choose() -> str:
    """The language the environment asks for: KAMCTL_LANG, config `lang`, then the locale
    (LC_ALL, LC_MESSAGES, LANG); `en` when none names Japanese.

    KAMCTL_LANG and config `lang` are kamctl's own and must be `en` or `ja` (InvalidValue); the
    locale is the whole system's, and one kamctl does not speak (fr_FR.UTF-8) means English."""
    chosen = os.environ.get("KAMCTL_LANG", "").strip()
    if chosen:
        return _own_language(chosen, "KAMCTL_LANG")
    configured = _configured()
    if configured:
        return _own_language(configured, "`lang` in the config file")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return "ja" if value.split("_")[0].split(".")[0].lower() == "ja" else DEFAULT
    return DEFAULT


def _configured() -> str | None:
    from kamctl.paths import config_file

    if not config_file().exists():  # the usual case, without loading the TOML reader
        return None
    from kamctl.config import load_config
    from kamctl.errors import KamctlError

    try:
        value = load_config().get("lang")
    except KamctlError:
        return None  # an unreadable config file is reported by the command that reads it
    return value.strip() if isinstance(value, str) else None


def _own_language(value: str, given_by: str) -> str:
    language = value.split("_")[0].split(".")[0].lower()
    if language not in LANGUAGES:
        from kamctl.errors import InvalidValue

        raise InvalidValue(f"{given_by}={value}: kamctl speaks {' or '.join(LANGUAGES)}")
    return language


def use(language: str) -> None:
    """Speak `language` (one of LANGUAGES) from now on in this process."""
    global _language, _catalog, _this_year
    if language not in LANGUAGES:
        raise ValueError(language)
    _language = language
    _catalog = None
    _this_year = None


def forget() -> None:
    """Choose again from the environment at the next use (a process that runs many commands)."""
    global _language, _catalog, _this_year
    _language = _catalog = _this_year = None


def current() -> str:
    """The language in use, chosen from the environment on first use."""
    global _language
    if _language is None:
        try:
            _language = choose()
        except Exception:  # a bad KAMCTL_LANG is reported where the command line is read
            _language = DEFAULT
    return _language


def japanese() -> bool:
    return current() == "ja"


def _translations() -> GNUTranslations | None:
    global _catalog
    if current() == DEFAULT:
        return None
    if _catalog is None:
        from gettext import GNUTranslations

        path = os.path.join(os.path.dirname(__file__), "locale", current(), "LC_MESSAGES", "kamctl.mo")
        try:
            with open(path, "rb") as handle:
                _catalog = GNUTranslations(handle)
        except OSError:
            from gettext import NullTranslations

            _catalog = NullTranslations()  # type: ignore[assignment]  # a build without the catalog
    return _catalog


def _(message: str) -> str:
    """`message` in the language in use."""
    catalog = _translations()
    return message if catalog is None else catalog.gettext(message)


def N_(message: str) -> str:
    """Marks `message` for the catalog without translating it: it is translated where shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks `message` in `context` for the catalog (a header translated with that context)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    catalog = _translations()
    if catalog is None:
        return singular if count == 1 else plural
    return catalog.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the language in use, where the same English means different things
    (`pgettext("value", "call")`: the channel, not the verb)."""
    catalog = _translations()
    return message if catalog is None else catalog.pgettext(context, message)


def label(value: str) -> str:
    """How an enum value (`visit`, `decision-maker`, `key`) is shown: itself in English."""
    return pgettext(VALUE_CONTEXT, value)


def value_of(raw: str, allowed: Iterable[str]) -> str:
    """The enum value that `raw` names among `allowed`: the value itself, or its Japanese label
    (accepted in either language, as the labels are shown); `raw` unchanged when neither."""
    allowed = tuple(allowed)
    if raw in allowed or raw.isascii():
        return raw
    global _language, _catalog
    spoken, catalog = _language, _catalog
    try:
        _language, _catalog = "ja", None
        labels = {pgettext(VALUE_CONTEXT, value): value for value in allowed}
    finally:
        _language, _catalog = spoken, catalog
    return labels.get(raw.strip(), raw)


# ---------------------------------------------------------------------------------------------
# Dates

WEEKDAYS_JA = "月火水木金土日"


def day(value: date) -> str:
    """A calendar day as people read it: ISO 8601 in English (2026-12-07), 12月7日(月) in
    Japanese, with the year (2025年12月7日(日)) when it is not this year."""
    if not japanese():
        return value.isoformat()
    text = f"{value.month}月{value.day}日({WEEKDAYS_JA[value.weekday()]})"
    return text if value.year == _current_year() else f"{value.year}年{text}"


def day_and_time(value: datetime) -> str:
    """A local moment to the minute: 2026-12-07 09:30, or 12月7日(月) 09:30."""
    local = value.astimezone()
    if not japanese():
        return local.strftime("%Y-%m-%d %H:%M")
    return f"{day(local.date())} {local:%H:%M}"


def _current_year() -> int:
    global _this_year
    if _this_year is None:
        from kamctl import clock

        try:
            _this_year = clock.today().year
        except Exception:  # a bad KAMCTL_NOW is reported by the command
            from datetime import date

            _this_year = date.today().year  # noqa: DTZ011
    return _this_year

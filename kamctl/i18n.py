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


def from_environment() -> str:
    """The language the environment names, without the config file: KAMCTL_LANG, then the locale
    (LC_ALL, LC_MESSAGES, LANG); `en` when none names Japanese or KAMCTL_LANG is not one kamctl
    speaks (`kamctl.config.language` reads the config file too and refuses a bad KAMCTL_LANG)."""
    chosen = language_code(os.environ.get("KAMCTL_LANG", ""))
    if chosen:
        return chosen if chosen in LANGUAGES else DEFAULT
    return locale_language()


def locale_language() -> str:
    """`ja` when the locale (LC_ALL, else LC_MESSAGES, else LANG) is Japanese, else `en`: the
    whole system's setting, in which a language kamctl does not speak (fr_FR) means English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return "ja" if language_code(value) == "ja" else DEFAULT
    return DEFAULT


def language_code(value: str) -> str:
    """`ja` of `ja`, `ja_JP.UTF-8`, `JA`; empty for an empty value."""
    return value.strip().split("_")[0].split(".")[0].lower()


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
        _language = from_environment()
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
    """This year, of KAMCTL_NOW when it fixes the clock (as kamctl.clock reads it; a bad value is
    reported by the command that reads the clock)."""
    global _this_year
    if _this_year is None:
        from datetime import date, datetime

        try:
            _this_year = datetime.fromisoformat(os.environ.get("KAMCTL_NOW", "").strip()).year
        except ValueError:
            _this_year = date.today().year  # noqa: DTZ011  (the year alone: no zone question)
    return _this_year

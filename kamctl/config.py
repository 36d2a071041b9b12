"""The optional personal config file ($XDG_CONFIG_HOME/kamctl/config.toml): `user`, `db`."""

from __future__ import annotations

import os
import stat

from kamctl.errors import InvalidValue
from kamctl.i18n import _
from kamctl.paths import config_file, without_password

TYPE_CHECKING = False  # `typing` costs the cached remind, which reads the config
if TYPE_CHECKING:
    from typing import Any


def load_config() -> dict[str, Any]:
    """The config file's settings; refused when it holds a password that others may read."""
    path = config_file()
    try:
        with path.open("rb") as handle:
            data = handle.read()
            mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InvalidValue(
            _("cannot read {path}: {problem}").format(path=path, problem=exc.strerror)
        ) from None
    import tomllib  # only when there is a file to read (most commands have none to pay for)

    try:
        config = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(_("cannot read {path}: {problem}").format(path=path, problem=exc)) from None
    holds_password = any(
        isinstance(value, str) and without_password(value) != value for value in config.values()
    )
    if holds_password and mode & 0o077:
        raise InvalidValue(
            _(
                "{path} holds a database password and others may read it (mode {mode}); make it "
                "private: chmod 600 {path}"
            ).format(path=path, mode=f"{mode:o}")
        )
    return config


def language() -> str:
    """The language to speak (SPEC §12): KAMCTL_LANG, config `lang`, then the locale (LC_ALL,
    LC_MESSAGES, LANG). KAMCTL_LANG and `lang` are kamctl's own and must name `en` or `ja`
    (InvalidValue); an unreadable config file is reported by the command that reads it."""
    from kamctl import i18n

    given = os.environ.get("KAMCTL_LANG", "").strip()
    if given:
        return _spoken(given, "KAMCTL_LANG")
    if config_file().exists():  # the usual case (no file) without loading the TOML reader's work
        try:
            configured = load_config().get("lang")
        except InvalidValue:
            configured = None
        if isinstance(configured, str) and configured.strip():
            return _spoken(configured, "`lang` in the config file")
    return i18n.locale_language()


def _spoken(value: str, given_by: str) -> str:
    from kamctl import i18n

    code = i18n.language_code(value)
    if code not in i18n.LANGUAGES:
        raise InvalidValue(
            _("{given_by}={value}: kamctl speaks {languages}").format(
                given_by=given_by, value=value.strip(), languages=_(" or ").join(i18n.LANGUAGES)
            )
        )
    return code

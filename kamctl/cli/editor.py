"""Opening the user's editor on a draft: `log` notes and the account's master plan."""

from __future__ import annotations

from pathlib import Path

from kamctl.i18n import _


def edit_in_editor(text: str, *, suffix: str = ".md") -> str | None:
    """Open `$VISUAL`/`$EDITOR` on `text` in a private temporary file; the saved text, or None if unchanged.

    The editor command may carry arguments (`code --wait`). Without either variable, a terminal
    gets the first of sensible-editor, nano, vi that exists.
    """
    import os
    import shlex
    import shutil
    import subprocess
    import sys
    import tempfile

    from kamctl.errors import InvalidValue

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        fallback = next((name for name in ("sensible-editor", "nano", "vi") if shutil.which(name)), None)
        if fallback is None or not sys.stdin.isatty():
            raise InvalidValue(_("no editor to open: set $EDITOR (or $VISUAL) to an editor command"))
        command = fallback
    fd, name = tempfile.mkstemp(prefix="kamctl-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as draft:
            draft.write(text)
        try:
            done = subprocess.run([*shlex.split(command), str(path)], check=False)
        except (OSError, ValueError) as exc:
            raise InvalidValue(
                _("cannot run the editor {command}: {problem}").format(command=repr(command), problem=exc)
            ) from None
        if done.returncode != 0:
            raise InvalidValue(
                _("the editor {command} exited with status {status}; nothing saved").format(
                    command=repr(command), status=done.returncode
                )
            )
        try:
            edited = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InvalidValue(_("the editor saved text that is not valid UTF-8; nothing saved")) from None
    finally:
        path.unlink(missing_ok=True)
    return None if edited == text else edited

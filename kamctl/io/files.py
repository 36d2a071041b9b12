"""The one writer of every output file (`-o FILE`, `db export FILE`, `db backup FILE`), SPEC §2 Files.

A regular file (or a new one) is written beside itself and renamed into place: a reader never
sees half a file, and a write that fails (a full disk) leaves the old file as it was. A symlink
is written through: the rules apply to the file it points to, and the link stays. A device or
FIFO (`/dev/null`, `/dev/stdout`, a pipe) is opened and written where it is, never replaced. A
folder, or a file in a folder that does not exist, is an error; `-` is stdout.

Modes: a file that holds data (`private=True`) is always 0600, new or replaced, whatever mode an
older file had. Any other output is created with the usual mode (0666 less the umask) and, when
it replaces a file, keeps that file's mode. A replaced file keeps its owner and group where the
process may set them (root writing into someone else's file).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kamctl.errors import InvalidValue, KamctlError
from kamctl.i18n import _

STDOUT = "-"
"""The file name that means standard output."""


def named_file(path: Path | str | None) -> Path | None:
    """The file an `-o` option names, or None when the output goes to stdout (no -o, or `-o -`)."""
    if path is None or str(path) == STDOUT:
        return None
    return Path(path)


@dataclass(frozen=True)
class Target:
    """Where an output goes, decided once before anything is written."""

    shown: str
    """The file as the user named it, for messages."""
    path: Path | None
    """The file that is written or replaced (symlinks followed); None for stdout."""
    in_place: bool
    """A device or FIFO: opened and written where it is."""
    existing: os.stat_result | None
    """The regular file being replaced, if there is one."""


def output_target(path: Path | str | None) -> Target:
    """Decide where `path` is written, or refuse it (a folder, a missing folder) with InvalidValue."""
    file = named_file(path)
    if file is None:
        return Target(STDOUT, None, in_place=True, existing=None)
    shown = str(file)
    try:
        real, open_file = _follow(file.expanduser())
        found = os.stat(real)
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise InvalidValue(
                _(
                    "no folder {folder} to write {file} in; create the folder first or give another file"
                ).format(folder=real.parent, file=shown)
            ) from None
        return Target(shown, real, in_place=False, existing=None)
    except OSError as exc:
        raise KamctlError(
            _("cannot write {file}: {reason}").format(file=shown, reason=_reason(exc))
        ) from None
    if stat.S_ISDIR(found.st_mode):
        raise InvalidValue(_("{file} is a folder: give the name of the file to write").format(file=shown))
    if stat.S_ISREG(found.st_mode) and not open_file:
        return Target(shown, real, in_place=False, existing=found)
    return Target(shown, real, in_place=True, existing=None)


def _follow(file: Path) -> tuple[Path, bool]:
    """The file that `file` names once every symlink is followed, and whether the way there goes
    through /proc: `/dev/stdout` or `/dev/fd/N` is a file the process already has open (a pipe,
    a terminal, a file the shell redirected to), written where it is even when it is regular."""
    path = Path(os.path.abspath(file))
    for _link in range(40):  # as many links as the kernel follows
        folder = Path(os.path.realpath(path.parent))
        path = folder / path.name
        if folder.parts[1:2] == ("proc",):
            return path, True
        if not path.is_symlink():
            return path, False
        path = Path(os.path.normpath(folder / os.readlink(path)))
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(file))


@contextmanager
def output_file(path: Path | str | None, *, private: bool, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream to write the output named by `path` (None or `-`: stdout), placed by the rules of
    this module when the block ends without an exception. Text is UTF-8, written as given
    (newline=""). A failed write is one KamctlError naming the file; the old file is kept."""
    target = output_target(path)
    if target.path is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with _failure_named(target):
        if target.in_place:
            with _open_in_place(target.path, binary) as stream:
                yield stream
            return
        with _replacing(target, private) as (descriptor, _partial):
            stream = os.fdopen(descriptor, "wb" if binary else "w", closefd=False, **_text(binary))
            try:
                yield stream
                stream.flush()
            finally:
                with contextlib.suppress(OSError):
                    stream.close()  # flushed above; after a failure there is nothing to keep


@contextmanager
def output_path(path: Path | str | None, *, private: bool) -> Iterator[Path]:
    """An empty file for a writer that needs a file name (SQLite's backup API) to fill; its
    content then goes where `path` names, by the rules of this module, when the block ends."""
    target = output_target(path)
    if target.path is not None and not target.in_place:
        with _failure_named(target), _replacing(target, private) as (_descriptor, partial):
            yield partial
        return
    # stdout, a device or a FIFO: filled in a private folder, then copied there.
    with _failure_named(target), tempfile.TemporaryDirectory(prefix="kamctl-") as folder:
        partial = Path(folder) / "output"
        partial.touch(mode=0o600)
        yield partial
        with partial.open("rb") as source, output_file(path, private=private, binary=True) as stream:
            shutil.copyfileobj(source, stream)


def _text(binary: bool) -> dict[str, str]:
    return {} if binary else {"encoding": "utf-8", "newline": ""}


@contextmanager
def _open_in_place(path: Path, binary: bool) -> Iterator[IO[Any]]:
    # No O_CREAT, no O_TRUNC: a device or FIFO is written as it is (a FIFO waits for its reader,
    # as a shell redirection does). O_APPEND: `-o /dev/stdout >> log` adds to the log, as the
    # shell's own stdout would, instead of writing over its start.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
    with os.fdopen(descriptor, "wb" if binary else "w", **_text(binary)) as stream:
        yield stream


@contextmanager
def _replacing(target: Target, private: bool) -> Iterator[tuple[int, Path]]:
    """A new file beside the target (descriptor, path); renamed over the target after the block,
    synced to disk first. On any exception it is removed and the target is left as it was."""
    assert target.path is not None
    descriptor, partial = _create_beside(target.path, private)
    try:
        yield descriptor, partial
        _settle(descriptor, target.existing, private)
        os.fsync(descriptor)
        os.replace(partial, target.path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    finally:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _sync_folder(target.path.parent)


def _create_beside(path: Path, private: bool) -> tuple[int, Path]:
    # Created with O_EXCL under a random name: never an existing file, never a symlink planted
    # there. The mode is final from the start for data (0600), the umask's default otherwise.
    mode = 0o600 if private else 0o666
    while True:
        partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            return os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, mode), partial
        except FileExistsError:
            continue


def _settle(descriptor: int, existing: os.stat_result | None, private: bool) -> None:
    """Give the new file the replaced one's owner, and its mode unless the file holds data."""
    if existing is None:
        return
    mine = os.fstat(descriptor)
    if (mine.st_uid, mine.st_gid) != (existing.st_uid, existing.st_gid):
        with contextlib.suppress(PermissionError):
            os.fchown(descriptor, existing.st_uid, existing.st_gid)
    os.fchmod(descriptor, 0o600 if private else stat.S_IMODE(existing.st_mode))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system opens folders)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


@contextmanager
def _failure_named(target: Target) -> Iterator[None]:
    """An OSError while writing becomes one line that names the file and what happened to it."""
    try:
        yield
    except OSError as exc:
        reason = _reason(exc)
        if target.in_place or target.path is None:
            raise KamctlError(
                _("cannot write {file}: {reason}").format(file=target.shown, reason=reason)
            ) from None
        if target.existing is not None:
            message = _("cannot write {file}: {reason}; the old file is unchanged")
        else:
            message = _("cannot write {file}: {reason}; nothing was written")
        raise KamctlError(message.format(file=target.shown, reason=reason)) from None

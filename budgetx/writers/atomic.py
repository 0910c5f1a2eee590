"""Write an output all at once or not at all: a temporary file (or folder) beside the
target, renamed into place when complete, removed on any failure."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from budgetx.errors import OutputError

# `.NAME.XXXXXXXX.tmp`: what temp_path makes (mkstemp's eight random characters), so a
# run killed before its renames can be cleaned up by the next one.
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def _umask() -> int:
    # os.umask can only be read by setting it; restore it at once.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cannot_write(path: Path | str, exc: OSError) -> OutputError:
    return OutputError(path, f"cannot write: {exc.strerror or exc}")


def temp_path(final: Path, folder: bool = False) -> Path:
    """A new empty temporary file (or folder) in `final`'s folder, named after it."""
    try:
        if folder:
            return Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp"))
        fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(final, exc) from exc
    os.close(fd)
    return Path(name)


def put_in_place(tmp: Path, final: Path) -> None:
    """Rename a finished temporary file or folder onto `final`. mkstemp and mkdtemp make
    private ones; outputs get the usual permissions."""
    try:
        os.chmod(tmp, (0o777 if tmp.is_dir() else 0o666) & ~_umask())
        os.replace(tmp, final)
    except OSError as exc:
        raise cannot_write(final, exc) from exc


def remove_temp(tmp: Path) -> None:
    if tmp.is_dir() and not tmp.is_symlink():
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_write(path: Path) -> Iterator[IO[bytes]]:
    """Yield a binary file in `path`'s folder; on success it replaces `path`, on any
    exception it is removed, so a reader never sees a half-written output.
    OSErrors (no such folder, no permission, disk full) become OutputError."""
    tmp = temp_path(path)
    try:
        with tmp.open("wb") as handle:
            yield handle
        put_in_place(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from exc
        raise


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_write(path) as handle:
        handle.write(data)


def write_folder(target: Path, files: dict[str, bytes], owned: re.Pattern[str]) -> None:
    """Make the folder `target` hold `files` (name → content) and, of the names matching
    `owned` (the files this writer makes), nothing else. Everything is written into a
    temporary folder beside it first: a failure (disk full, a folder in the way) leaves
    `target` as it was and nothing else behind. Other files in `target` are kept."""
    if target.exists() and not target.is_dir():
        raise OutputError(target, "needs a folder, and this is a file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(target.parent, f"cannot create folder: {exc.strerror or exc}") from exc
    tmp = temp_path(target, folder=True)
    try:
        for name, data in files.items():
            try:
                (tmp / name).write_bytes(data)
            except OSError as exc:
                raise cannot_write(target / name, exc) from exc
        if not target.exists():
            put_in_place(tmp, target)
            return
        in_the_way = [name for name in files if (target / name).is_dir()]
        if in_the_way:
            raise OutputError(target / in_the_way[0], "cannot write: a folder is in the way")
        stale = [p for p in target.iterdir() if owned.match(p.name) and p.name not in files and p.is_file()]
        for name in files:
            put_in_place(tmp / name, target / name)
        for path in stale:
            path.unlink(missing_ok=True)
    finally:
        remove_temp(tmp)

"""Atomic writes, and reads that cannot hang or exhaust memory.

Writes go to a temporary file in the same folder, then a rename: a crash
mid-write leaves the old file (or none), never half a file. A folder that
cannot be written is a RenderError naming the file, not a traceback.

:func:`open_regular` / :func:`read_limited` read only regular files (a FIFO,
``/dev/zero`` or a socket is refused in one line instead of hanging or filling
memory) and never more than a size limit.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterator

from pipeline.errors import DiglotError, RenderError

MB = 1024 * 1024
# The largest source a build takes by default (diglot.toml: max_source_mb): a text source of
# this size, a paragraph a line, builds in about 1.5 GB (bench/large_source.py measured 1.3-1.8 GB
# at 48 MB), under the 2 GB a build may take.
MAX_SOURCE_MB = 40


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    The writer writes (a zip, a DOCX, anything) to the yielded path; on an
    exception the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the pid lets a later run tell a killed writer's leftovers from a running writer's file
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise RenderError(f"cannot write here ({error.strerror or error})", path=path) from error
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            with open(tmp_path, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, path)
        except OSError as error:
            raise RenderError(f"cannot write here ({error.strerror or error})", path=path) from error
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def within(folder: str | Path, path: str | Path) -> bool:
    """True when ``path``, links followed, is ``folder`` or lies inside it (links followed too).

    Raises OSError or RuntimeError for a link that cannot be followed (a loop)."""
    home, real = Path(folder).resolve(), Path(path).resolve()
    return real == home or home in real.parents


def article(what: str) -> str:
    """"a DOCX", "an EPUB"."""
    return f"{'an' if what[:1].upper() in 'AEIOU' else 'a'} {what}"


def _size_text(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size} bytes"


def open_regular(path: str | Path, *, max_bytes: int, error: type[DiglotError], what: str = "file",
                 setting: str = "") -> BinaryIO:
    """Open ``path`` for reading if it is a regular file of at most ``max_bytes``.

    Refuses, as ``error`` naming the file: a missing file, a folder, a FIFO or
    device (``/dev/zero``, ``/dev/urandom``), a socket, and a file over the
    limit. Opened without blocking, so a FIFO never hangs; the check is made on
    the opened descriptor, so a file swapped after the check is not read.
    ``setting`` names the setting that raises the limit, for the message.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise error("no such file; check the path", path=path) from exc
    except IsADirectoryError as exc:
        raise error(f"is a folder, not {article(what)}", path=path) from exc
    except OSError as exc:
        raise error(f"cannot be read ({exc.strerror or exc}); check its permissions", path=path) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"is a folder, not {article(what)}", path=path)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                    "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                    "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            raise error(f"is {kind}, not a regular file; give {article(what)} saved on disk", path=path)
        if info.st_size > max_bytes:
            raise error(_too_big(info.st_size, max_bytes, what, setting), path=path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return handle


def _too_big(size: int, max_bytes: int, what: str, setting: str) -> str:
    raise_it = f"; raise {setting} in diglot.toml if it is really meant" if setting else ""
    return f"is too large for {article(what)} ({_size_text(size)}, the limit is {_size_text(max_bytes)}){raise_it}"


def read_limited(path: str | Path, *, max_bytes: int, error: type[DiglotError], what: str = "file",
                 setting: str = "") -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (see :func:`open_regular`).

    A file that grows past the limit while it is read is refused too.
    """
    with open_regular(path, max_bytes=max_bytes, error=error, what=what, setting=setting) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise error(f"cannot be read ({exc.strerror or exc}); check its permissions", path=path) from exc
    if len(data) > max_bytes:
        raise error(_too_big(len(data), max_bytes, what, setting), path=path)
    return data

"""One build at a time per project: its lock file (``pipeline.project.LOCK_FILE``).

The lock is an OS file lock (``flock``) on that file, so it is released when
its holder ends in any way, ``kill -9`` included: a stale lock file never
blocks anyone. The file holds the holder's pid and start time, for the
message the second build gets (or, with ``wait``, it waits its turn).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Callable, Iterator

from pipeline.errors import ProjectBusy
from pipeline.model import utc_now
from pipeline.project import LOCK_FILE


def _holder(path: Path) -> str:
    try:
        pid, _, since = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return "another process"
    return f"pid {pid}, started {since}" if pid.isdigit() else "another process"


@contextlib.contextmanager
def build_lock(project: str | Path, *, wait: bool = False, waiting: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the project's build lock for the ``with`` block.

    Without ``wait``, a lock held by another build raises ProjectBusy naming
    its pid; with ``wait``, ``waiting(holder)`` is called once and the build
    waits for it.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system: no lock
        yield Path(project) / LOCK_FILE
        return
    path = Path(project) / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise ProjectBusy(f"cannot open the build lock ({error.strerror or error})", path=path) from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            holder = _holder(path)
            if not wait:
                raise ProjectBusy(
                    f"another diglot build is running in this project ({holder}); let it finish, "
                    "or run again with --wait", path=path,
                ) from busy
            if waiting is not None:
                waiting(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {utc_now()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock

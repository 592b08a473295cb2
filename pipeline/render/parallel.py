"""Writing one output in a child process while this one writes the others.

The review DOCX of a long book is seconds of pure Python, and the edition DOCX
and the EPUB about as many again; on a machine with two cores they can be
written at once. :func:`start` runs a writer in a forked child (the edition is
already in its memory: nothing is pickled or imported again) and returns a
:class:`Pending` whose :meth:`~Pending.result` waits for it and gives back its
return value, or raises its exception here.

A fork is made only where it is safe and worth it: on Linux, with two or more
cores, in a process with no other thread (a fork of a process with threads,
such as CTranslate2's workers, may deadlock in the child), and for a large
edition. Elsewhere the writer simply runs now, in this process. The child dies
with its parent (so a killed build leaves no writer behind it holding the
build lock); it writes its output atomically, as every writer does.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from typing import Callable, Generic, TypeVar

from pipeline.errors import DiglotError, RenderError

T = TypeVar("T")

MIN_SEGMENTS = 2000  # below this a fork costs about what it saves


def can_fork() -> bool:
    """True where :func:`start` forks: Linux, two or more cores, a single-threaded process."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    try:
        if len(os.sched_getaffinity(0)) < 2:
            return False
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


class Pending(Generic[T]):
    """A writer's outcome: :meth:`result` returns it or raises its exception."""

    def __init__(self, value: T | None = None, error: BaseException | None = None,
                 pid: int = 0, pipe: int = -1, what: str = ""):
        self._value, self._error, self._pid, self._pipe, self._what = value, error, pid, pipe, what

    def result(self) -> T:
        self.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def wait(self) -> None:
        """Wait for the child without looking at its outcome (this process is failing anyway)."""
        if self._pid:
            self._value, self._error = self._collect()
            self._pid = 0

    def _collect(self) -> tuple[T | None, BaseException | None]:
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()  # to EOF before waiting: a full pipe would block the child
        _, status = os.waitpid(self._pid, 0)
        try:
            kind, payload = pickle.loads(data)
        except Exception:  # nothing (whole) sent: the child was killed (out of memory, a signal)
            how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                   else f"exit code {os.waitstatus_to_exitcode(status)}")
            return None, RenderError(f"the process writing {self._what or 'an output'} stopped ({how}); "
                                     "run the build again")
        return (payload, None) if kind == "ok" else (None, payload)


def start(job: Callable[[], T], *, what: str = "", segments: int = MIN_SEGMENTS) -> Pending[T]:
    """Run ``job`` in a forked child when :func:`can_fork` and ``segments`` (the
    edition's size) make it worth it; else run it now. ``what`` names the output
    in the message of a child that dies without an answer."""
    if segments < MIN_SEGMENTS or not can_fork():
        return Pending(value=job())
    read, write = os.pipe()
    parent = os.getpid()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice (the child never flushes)
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    try:
        pid = os.fork()
    except OSError:  # no process to spare (a process limit, no memory to commit): write it here
        os.close(read), os.close(write)
        return Pending(value=job())
    if pid == 0:  # the child: do the job, send the outcome, leave without running any of the parent's exit code
        try:
            os.close(read)
            _die_with(parent)
            try:
                outcome = ("ok", job())
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
                if not isinstance(exc, DiglotError):  # a bug: its traceback comes along
                    exc.add_note("in the writer process:\n" + traceback.format_exc())
                outcome = ("error", exc)
            try:
                data = pickle.dumps(outcome)
                pickle.loads(data)
            except Exception:  # a value or an exception that does not travel: one line instead
                line = (str(outcome[1]) if outcome[0] == "error"
                        else f"{what or 'the output'} was written but its answer was lost")
                data = pickle.dumps(("error", RenderError(line)))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(write)
    return Pending(pid=pid, pipe=read, what=what)


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)

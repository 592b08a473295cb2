"""ZIP archives (DOCX, EPUB) read without trusting them.

:func:`open_zip` opens a ZIP for reading and refuses, in one line naming the
file, what is not a usable archive: no such file, a FIFO or device, a file
over the size limit, not a ZIP, a truncated ZIP (no central directory), an
encrypted one, one whose members inflate past ``max_total_bytes`` (``MAX_TOTAL_BYTES``) in all, are
named outside the archive (``../x``, ``/x``) or twice. Its :class:`ZipReader` reads members with two limits, checked
against what is actually inflated and not only what the archive claims:

- ``max_part_bytes``: the inflated size of one member (a 1 GB
  ``document.xml`` is refused before it is read whole); a caller that streams
  a member (the review DOCX's rows) gives it a limit of its own
  (``open(name, max_bytes=...)``);
- ``max_ratio``: inflated size over compressed size, for members past
  ``RATIO_FLOOR`` bytes (a zip bomb inflates a thousand times; real XML about
  five to twenty).

Damaged data (bad CRC, broken deflate stream) is one line naming the file and
the member. The error class is the caller's: :class:`SourceError` for a
source, :class:`ReviewError` for a reviewed file.

::

    with open_zip(path, what="EPUB") as archive:
        if "META-INF/container.xml" in archive:
            data = archive.read("META-INF/container.xml")
        with archive.open("OEBPS/big.xhtml") as stream:   # bounded, streaming
            ...
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from pipeline.errors import DiglotError, SourceError
from pipeline.fileio import MB, article, open_regular

MAX_ARCHIVE_BYTES = 200 * MB  # the ZIP file itself
MAX_PART_BYTES = 256 * MB  # one member, inflated
MAX_RATIO = 100  # inflated / compressed, for members past RATIO_FLOOR
RATIO_FLOOR = 1 * MB
MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 512 * MB  # every member together, inflated

# What a damaged member raises when read: bad CRC, broken deflate data, cut short.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError, RuntimeError)


class ZipReader:
    """A ZIP opened by :func:`open_zip`: ``names()``, ``in``, ``read()``, ``open()``.

    ``error`` (the class raised for a member over a limit or damaged) may be
    changed after opening, e.g. from NotAReviewDocument to ReviewError.
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile, handle, *, what: str, error: type[DiglotError],
                 max_part_bytes: int, max_ratio: float, max_total_bytes: int | None = None):
        self.path = path
        self.what = what
        self.error = error
        self.max_part_bytes = max_part_bytes
        self.max_ratio = max_ratio
        self.max_total_bytes = MAX_TOTAL_BYTES if max_total_bytes is None else max_total_bytes
        self._archive = archive
        self._handle = handle
        self._infos = {info.filename: info for info in archive.infolist()}
        self.inflated = 0  # bytes read from every member together, against max_total_bytes

    # -- listing
    def names(self) -> list[str]:
        """Member names in archive order (folders included, as the archive lists them)."""
        return [info.filename for info in self._archive.infolist()]

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        """The inflated size the archive claims for ``name`` (KeyError when absent)."""
        return self._infos[name].file_size

    # -- reading
    def read(self, name: str) -> bytes:
        """The inflated bytes of ``name``; KeyError when absent, ``error`` when over a limit or damaged."""
        with self.open(name) as stream:
            return stream.read()

    def open(self, name: str, *, max_bytes: int | None = None) -> "BoundedReader":
        """A streaming reader of ``name`` that stops at the limits (KeyError when absent);
        ``max_bytes``: this member's own limit instead of ``max_part_bytes`` (a part the caller streams)."""
        info = self._infos[name]
        part = self.max_part_bytes if max_bytes is None else max_bytes
        self._check_claimed(info, part)
        try:
            inner = self._archive.open(info)
        except _DAMAGE as exc:
            raise self.damaged(name, exc) from exc
        return BoundedReader(self, info, inner, part)

    def damaged(self, name: str, exc: BaseException) -> DiglotError:
        detail = str(exc).strip() or "the data ends too early"
        return self.error(f"is damaged: {name} cannot be read ({type(exc).__name__}: {detail}); {self.advice}",
                          path=self.path)

    @property
    def advice(self) -> str:
        """What to do about a damaged archive."""
        return "open it in Word and save it again" if "DOCX" in self.what else "save it again from the program that made it"

    def limit(self, info: zipfile.ZipInfo, part: int | None = None) -> int:
        """The most bytes ``info`` may inflate to (``part``: its size limit, default ``max_part_bytes``)."""
        by_ratio = max(RATIO_FLOOR, int(info.compress_size * self.max_ratio))
        return min(self.max_part_bytes if part is None else part, by_ratio)

    def too_big(self, info: zipfile.ZipInfo, size: int, part: int | None = None) -> DiglotError:
        part = self.max_part_bytes if part is None else part
        if size > part:
            why = f"inflates to more than {part // MB} MB"
        else:
            why = (f"inflates more than {self.max_ratio:g} times its compressed size "
                   f"({info.compress_size} bytes), as a zip bomb does")
        return self.error(f"is refused: {info.filename} {why}; this is not {article(self.what)} diglot can read safely",
                          path=self.path)

    def _check_claimed(self, info: zipfile.ZipInfo, part: int) -> None:
        if info.flag_bits & 0x1:
            raise self.error(f"is encrypted ({info.filename} needs a password); save it again without a password",
                             path=self.path)
        if info.file_size > self.limit(info, part):
            raise self.too_big(info, info.file_size, part)

    # -- life
    def close(self) -> None:
        self._archive.close()
        self._handle.close()

    def __enter__(self) -> "ZipReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class BoundedReader(io.RawIOBase):
    """A member's inflated bytes that stop (with the archive's error) at its limit."""

    def __init__(self, owner: ZipReader, info: zipfile.ZipInfo, inner, part: int):
        super().__init__()
        self._owner = owner
        self._info = info
        self._inner = inner
        self._part = part
        self._limit = owner.limit(info, part)
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = self._limit + 1 - self.count if size is None or size < 0 else min(size, self._limit + 1 - self.count)
        if want <= 0:
            want = 1
        try:
            data = self._inner.read(want)
        except _DAMAGE as exc:
            raise self._owner.damaged(self._info.filename, exc) from exc
        self.count += len(data)  # a read of n returns n bytes unless the member ends
        self._owner.inflated += len(data)
        if self.count > self._limit:
            raise self._owner.too_big(self._info, self.count, self._part)
        if self._owner.inflated > self._owner.max_total_bytes:
            raise self._owner.error(_too_much(self._owner.what, self._owner.max_total_bytes), path=self._owner.path)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()


def _too_much(what: str, total: int) -> str:
    return (f"is refused: its members inflate to more than {total // MB} MB in all; "
            f"this is not {article(what)} diglot can read safely")


def _refusal(infos: list[zipfile.ZipInfo], what: str, *, total: int, part: int) -> str:
    """Why an archive's listing alone makes it unsafe to read ("" when it does not).

    Too many members, more than ``total`` bytes inflated in all (what each
    member claims: the reader also counts what they really inflate to), a
    member named outside the archive (``../x``, ``/etc/x``, ``C:\\x``) or two
    members of one name (a reader would take either).
    """
    if len(infos) > MAX_MEMBERS:
        return f"has more than {MAX_MEMBERS} members; this is not {article(what)} diglot can read safely"
    if sum(info.file_size for info in infos if info.file_size <= part) > total:
        return _too_much(what, total)  # (a member over the part limit is refused by name when it is read)
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
            return f"is refused: the member {name!r} is named outside the archive; no {what} names one so"
        if name in seen:
            return f"is refused: two members are named {name!r}; a reader could take either"
        seen.add(name)
    return ""


def open_zip(path: str | Path, *, what: str = "EPUB", error: type[DiglotError] = SourceError,
             max_bytes: int | None = None, max_part_bytes: int | None = None,
             max_ratio: float = MAX_RATIO, max_total_bytes: int | None = None) -> ZipReader:
    """Open the ZIP at ``path`` (a ``what``: "EPUB", "DOCX", "review DOCX") for bounded reading.

    Raises ``error`` naming the file when it is missing, not a regular file,
    over ``max_bytes``, not a ZIP, truncated, or has more than MAX_MEMBERS members.
    ``max_part_bytes`` and ``max_total_bytes`` bound one member and all of them,
    inflated (a reader that streams a large part it wrote itself raises them).
    """
    path = Path(path)
    max_bytes = MAX_ARCHIVE_BYTES if max_bytes is None else max_bytes  # (the module's limits when called: tests scale them)
    max_part_bytes = MAX_PART_BYTES if max_part_bytes is None else max_part_bytes
    total = MAX_TOTAL_BYTES if max_total_bytes is None else max_total_bytes
    handle = open_regular(path, max_bytes=max_bytes, error=error, what=what)
    try:
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile as exc:
            head = handle.seek(0) == 0 and handle.read(4)
            why = ("is cut short (the ZIP has no central directory); copy or download it again"
                   if head == b"PK\x03\x04" else f"is not {article(what)} (not a ZIP archive)")
            raise error(why, path=path) from exc
        except (OSError, ValueError, EOFError) as exc:
            raise error(f"is {article('damaged ' + what)} ({type(exc).__name__}: {exc})", path=path) from exc
        refusal = _refusal(archive.infolist(), what, total=total, part=max_part_bytes)
        if refusal:
            archive.close()
            raise error(refusal, path=path)
    except BaseException:
        handle.close()
        raise
    return ZipReader(path, archive, handle, what=what, error=error, max_part_bytes=max_part_bytes, max_ratio=max_ratio,
                     max_total_bytes=total)

"""Bytes on disk to text: refuse what is not text, find the encoding.

Order: a byte-order mark, then strict UTF-8, then strict GB18030 (a superset
of GBK and GB2312), and only then charset-normalizer's best guess. The text is
kept as written (no NFKC); only line endings are normalised, by the caller.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.errors import EncodingError, SourceError

# Magic numbers of files people drop into source/ by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, EPUB, XLSX …)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (DOC/XLS)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

_ASK = "save it as UTF-8 text and try again"


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or SourceError naming the file and what is wrong."""
    path = Path(path)
    if not path.exists():
        raise SourceError("no such file; check the path", path=path)
    if path.is_dir():
        raise SourceError("is a folder, not a text file; name a .txt or .md file inside it", path=path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot be read ({error.strerror or error}); check its permissions", path=path) from None


def decode(data: bytes, path: str | Path = "") -> tuple[str, str]:
    """Return (text, encoding name) or raise SourceError/EncodingError."""
    where = path or None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise EncodingError(
                    f"starts with a {encoding.upper()} byte-order mark but byte {error.start} does not decode; {_ASK}",
                    path=where,
                ) from None
            return _checked(text, path), encoding
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SourceError(f"is {what}, not a text file; give a .txt or .md source", path=where)
    if b"\x00" in data[:65536]:
        raise SourceError(
            "is a binary file (it contains NUL bytes), not text; give a .txt or .md source "
            "(UTF-16 text needs a byte-order mark)",
            path=where,
        )
    if not data.strip():
        raise SourceError("is empty; write the source text into it first", path=where)
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), path), encoding
        except UnicodeDecodeError:
            continue
    guess = _guess(data)
    if guess is not None:
        return _checked(guess[0], path), guess[1]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise EncodingError(
            f"bytes at offset {error.start} decode in no supported encoding "
            f"(tried UTF-8, GB18030 and detection); {_ASK}",
            path=where,
            line=line,
        ) from None
    raise EncodingError(f"does not decode; {_ASK}", path=where)  # pragma: no cover


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, only when it is coherent text."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    text = str(best)
    if not text.strip():
        return None
    return text, best.encoding


def _checked(text: str, path: str | Path) -> str:
    """Refuse text that is mostly control characters (a binary that decoded by chance)."""
    where = path or None
    if not text.strip():
        raise SourceError("is empty (only whitespace); write the source text into it first", path=where)
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise SourceError("looks binary (control characters), not text; give a .txt or .md source", path=where)
    return text

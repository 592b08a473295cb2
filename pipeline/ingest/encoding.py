"""Bytes on disk to text: refuse what is not text, find the encoding.

Order: a byte-order mark, then strict UTF-8, then the source language's own
legacy encodings, strictly (Chinese: GB18030, a superset of GBK and GB2312;
traditional Chinese: Big5, then GB18030; Japanese: Shift-JIS (cp932) or
EUC-JP; Korean: cp949; Western European languages: cp1252; other alphabets
their Windows code page), and only then charset-normalizer's best guess. A
language's encodings are tried only for that language: cp1252 German is not
read as GB18030 mojibake. The text is kept as written (no NFKC); only line
endings are normalised, by the caller.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.errors import EncodingError, SourceError
from pipeline.fileio import MAX_SOURCE_MB, MB

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

# Legacy encodings tried (strictly, in order) after UTF-8, per source language.
_WESTERN = ("cp1252",)
LEGACY_ENCODINGS: dict[str, tuple[str, ...]] = {
    "zh": ("gb18030",),
    "zt": ("big5", "cp950", "big5hkscs", "gb18030"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    **{code: _WESTERN for code in "ca da de en es eu fi fr ga gl id it ms nb nl pt sq sv tl".split()},
    **{code: ("cp1250",) for code in "cs hu pl ro sk sl".split()},
    **{code: ("cp1257",) for code in "et lt lv".split()},
    **{code: ("cp1251",) for code in "bg ru uk".split()},
    "el": ("cp1253",),
    "tr": ("cp1254",),
    "he": ("cp1255",),
    "ar": ("cp1256",),
    "fa": ("cp1256",),
    "ur": ("cp1256",),
    "vi": ("cp1258",),
    "th": ("cp874",),
}
# Half-width katakana: what EUC-JP bytes look like when read as cp932 by mistake.
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

_ASK = "save it as UTF-8 text and try again"


MAX_SOURCE_BYTES = MAX_SOURCE_MB * MB  # diglot.toml: max_source_mb


def read_bytes(path: str | Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The file's bytes, or SourceError naming the file and what is wrong.

    Only a regular file of at most ``max_bytes``: a FIFO is not waited on,
    ``/dev/zero`` is not read until memory runs out.
    """
    from pipeline.fileio import read_limited

    path = Path(path)
    if path.is_dir():
        raise SourceError("is a folder, not a text file; name a .txt or .md file inside it", path=path)
    return read_limited(path, max_bytes=max_bytes, error=SourceError, what="source text", setting="max_source_mb")


def decode(data: bytes, path: str | Path = "", language: str = "zh") -> tuple[str, str]:
    """Return (text, encoding name) or raise SourceError/EncodingError.

    ``language`` (an Argos code) chooses the legacy encodings tried after UTF-8.
    """
    where = path or None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise EncodingError(
                    f"starts with a {encoding.upper()} byte-order mark but byte {error.start} does not decode; {_ASK}",
                    path=where,
                ) from error
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
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = LEGACY_ENCODINGS.get(language, ())
    found = _legacy(data, legacy)
    if found is not None:
        return _checked(found[0], path), found[1]
    guess = _guess(data)
    if guess is not None:
        return _checked(guess[0], path), guess[1]
    at, best = _furthest(data, ("utf-8", *legacy))
    line = data[:at].count(b"\n") + 1
    raise EncodingError(
        f"bytes at offset {at} (0x{data[at:at + 2].hex()}) decode in no supported encoding "
        f"(tried {', '.join(['UTF-8', *(e.upper() for e in legacy)])} and detection; {best.upper()} reads "
        f"the text up to there); {_ASK}",
        path=where,
        line=line,
    )


def _furthest(data: bytes, encodings: tuple[str, ...]) -> tuple[int, str]:
    """(offset, encoding): where the encoding that reads furthest into ``data`` stops.

    A GBK novel with one damaged byte is reported at that byte, not at its
    first Chinese character (where UTF-8 stops).
    """
    best = (0, encodings[0])
    for encoding in encodings:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            best = max(best, (error.start, encoding), key=lambda item: item[0])
    return best


def _legacy(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of ``encodings`` that decodes strictly (Japanese: the likelier of the two)."""
    decoded: list[tuple[str, str]] = []
    for encoding in encodings:
        try:
            decoded.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
        if encoding != "cp932":
            break
    if not decoded:
        return None
    # EUC-JP bytes often decode as cp932 too, as half-width katakana: prefer the reading with fewer.
    return min(decoded, key=lambda item: len(_HALF_WIDTH_KANA.findall(item[0])))


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

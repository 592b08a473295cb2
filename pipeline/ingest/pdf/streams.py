"""A PDF's streams inflated without trusting them, before MuPDF inflates anything.

MuPDF inflates a stream when it first needs it (a page's text, a font, a
picture), holding it whole. :func:`check_streams` goes over every stream
object of the file first and measures what each would inflate to, counting
and never holding it all, against the limits a DOCX or EPUB part has
(:mod:`pipeline.archive`):

- one stream past ``MAX_PART_BYTES`` inflated;
- a stream past ``RATIO_FLOOR`` inflated more than ``MAX_RATIO`` times its
  stored size, as a zip bomb does (pictures aside: a flat-coloured picture
  rightly packs a thousand times);
- all streams together past ``MAX_TOTAL_BYTES``.

What each filter can give is measured thus:

- ``FlateDecode``: inflated in chunks by ``zlib.decompressobj`` with
  ``max_length`` (bytes counted, then let go);
- ``RunLengthDecode`` and ``LZWDecode``: decoded counting lengths only (no
  bytes made);
- ``ASCIIHexDecode`` and ``ASCII85Decode`` shrink the text they read (an
  ``ASCII85`` ``z`` gives four bytes): decoded whole when another filter
  follows, else counted at four times their size at most;
- picture codecs (``DCTDecode``, ``JPXDecode``, ``JBIG2Decode``,
  ``CCITTFaxDecode``): the size the picture declares (width × height ×
  colour components), as they give no more;
- a filter MuPDF does not know gives nothing (MuPDF does not decode it).

The limits are read from :mod:`pipeline.archive` at each call, so a test can
scale them down.
"""

from __future__ import annotations

import re
import zlib

from pipeline import archive
from pipeline.fileio import MB

CHUNK = 1 * MB
_PICTURE_CODECS = {"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"}
_ABBREVIATIONS = {"Fl": "FlateDecode", "RL": "RunLengthDecode", "LZW": "LZWDecode", "AHx": "ASCIIHexDecode",
                  "A85": "ASCII85Decode"}


class Bomb(Exception):
    """A stream inflates past a limit: ``str()`` says which and why."""


def check_streams(document) -> None:
    """Raise :class:`Bomb` when a stream of ``document`` (an open pymupdf Document) inflates past the limits."""
    total = 0
    for xref in range(1, document.xref_length()):
        try:
            if not document.xref_is_stream(xref):
                continue
        except Exception:  # a damaged object: MuPDF's own reading says so later
            continue
        size, stored, picture = inflated_size(document, xref)
        limit = archive.MAX_PART_BYTES
        if size > limit:
            raise Bomb(f"object {xref} inflates to more than {_amount(limit)}")
        if not picture and size > max(archive.RATIO_FLOOR, stored * archive.MAX_RATIO):
            raise Bomb(f"object {xref} inflates more than {archive.MAX_RATIO:g} times its stored size "
                       f"({stored} bytes), as a zip bomb does")
        total += size
        if total > archive.MAX_TOTAL_BYTES:
            raise Bomb(f"its objects inflate to more than {_amount(archive.MAX_TOTAL_BYTES)} in all")


def _amount(size: int) -> str:
    return f"{size // MB} MB" if size % MB == 0 else f"{size} bytes"


def inflated_size(document, xref: int) -> tuple[int, int, bool]:
    """(bytes the stream inflates to, at most the part limit + 1; its stored size; whether it is a picture)."""
    filters = _filters(document, xref)
    picture = _key(document, xref, "Subtype") == "/Image"
    try:
        raw = document.xref_stream_raw(xref) or b""
    except Exception:
        return 0, 0, picture
    limit = archive.MAX_PART_BYTES + 1
    data: bytes | None = raw
    for number, name in enumerate(filters):
        last = number == len(filters) - 1
        if name in _PICTURE_CODECS:
            return _declared(document, xref), len(raw), True
        if name in ("ASCIIHexDecode", "ASCII85Decode"):
            if last:
                return min(limit, 4 * len(data)), len(raw), picture
            data = _ascii(name, data)
        elif name == "FlateDecode":
            if last:
                return _flate_size(data, limit), len(raw), picture
            data = _flate(data, limit)
        elif name == "RunLengthDecode" and last:
            return _run_length_size(data, limit), len(raw), picture
        elif name == "LZWDecode" and last:
            return _lzw_size(data, limit), len(raw), picture
        else:  # RunLength or LZW before another filter (never seen in practice), or a filter MuPDF lacks
            return 0, len(raw), picture
        if data is None or len(data) >= limit:
            return limit, len(raw), picture
    return len(data), len(raw), picture


def _key(document, xref: int, key: str) -> str:
    try:
        kind, value = document.xref_get_key(xref, key)
    except Exception:
        return ""
    return value if kind != "null" else ""


def _filters(document, xref: int) -> list[str]:
    value = _key(document, xref, "Filter")
    return [_ABBREVIATIONS.get(name, name) for name in re.findall(r"/([A-Za-z0-9]+)", value)]


def _declared(document, xref: int) -> int:
    """What a picture codec gives: width × height × components × bits ÷ 8, as the picture declares."""
    def number(key: str, default: int) -> int:
        found = re.match(r"\d+", _key(document, xref, key))
        return int(found.group()) if found else default

    space = _key(document, xref, "ColorSpace")
    components = 4 if "CMYK" in space else 3 if ("RGB" in space or "ICC" in space or "Lab" in space) else 1
    return number("Width", 0) * number("Height", 0) * components * max(1, number("BitsPerComponent", 8)) // 8


def _flate_size(data: bytes, limit: int) -> int:
    """The bytes ``data`` inflates to, counted chunk by chunk, stopping past ``limit``."""
    inflater = zlib.decompressobj()
    count = 0
    pending = data
    try:
        while pending and count < limit:
            count += len(inflater.decompress(pending, CHUNK))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        if count < limit and not inflater.eof:
            count += len(inflater.flush())
    except zlib.error:  # a broken stream: MuPDF reads what it can, never more than this
        pass
    return count


def _flate(data: bytes, limit: int) -> bytes | None:
    """``data`` inflated (for a following filter), or None past ``limit``."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, limit)
    except zlib.error:
        return b""
    return None if inflater.unconsumed_tail else out


def _ascii(name: str, data: bytes) -> bytes:
    import base64
    import binascii

    text = bytes(data).split(b"~>" if name == "ASCII85Decode" else b">")[0]
    try:
        if name == "ASCIIHexDecode":
            digits = re.sub(rb"\s+", b"", text)
            return binascii.unhexlify(digits + (b"0" if len(digits) % 2 else b""))
        return base64.a85decode(re.sub(rb"\s+", b"", text).removeprefix(b"<~"))
    except ValueError:
        return b""


def _run_length_size(data: bytes, limit: int) -> int:
    count, at = 0, 0
    while at < len(data) and count < limit:
        length = data[at]
        if length == 128:
            break
        if length < 128:
            count += length + 1
            at += length + 2
        else:
            count += 257 - length
            at += 2
    return count


def _lzw_size(data: bytes, limit: int) -> int:
    """What an LZW stream decodes to, counting each code's string length only (early change on)."""
    count, bits, width = 0, 0, 9
    buffer = 0
    lengths: list[int] = []  # lengths of the codes past 257
    previous = 0  # length of the previous code's string, 0 after a clear
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                lengths, previous, width = [], 0, 9
                continue
            if code == 257:
                return count
            if code < 256:
                length = 1
            elif code - 258 < len(lengths):
                length = lengths[code - 258]
            else:
                length = previous + 1  # the code being defined by this very step
            if previous:
                lengths.append(previous + 1)
            previous = length
            count += length
            if count >= limit:
                return count
            if len(lengths) + 258 >= (1 << width) - 1 and width < 12:
                width += 1
    return count

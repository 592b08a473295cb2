"""Reading an untrusted EPUB: a ZIP with limits, XML without entities or DTDs.

``read_archive`` refuses what is not a ZIP, a truncated or damaged one, and a
zip bomb (declared sizes over the limits, or more bytes than declared).
``parse_xml`` never resolves entities, never loads a DTD and never touches
the network; a document that declares entities (an internal DTD subset, the
XXE and billion-laughs shapes) or names an external DTD other than the
standard W3C/DAISY/OEB ones (which are never fetched) is refused.
``parse_xhtml`` falls back to the lenient HTML parser for malformed XHTML and
says so, naming the entry.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pipeline.errors import SourceError

MAX_TOTAL = 1 << 30  # bytes unpacked from one book, at most
MAX_ENTRIES = 20000
MAX_RATIO = 200  # unpacked/packed, for entries over 1 MiB (books pack 3–10 times)
_STANDARD_DTDS = re.compile(r"^https?://(www\.w3\.org|www\.daisy\.org|openebook\.org|www\.idpf\.org)/")


def read_archive(path: Path) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every entry's bytes (archive order) and compression type, or one-line SourceError."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise SourceError("does not exist", path=path) from exc
    except IsADirectoryError as exc:
        raise SourceError("is a folder, not an EPUB file", path=path) from exc
    except zipfile.BadZipFile as exc:
        raise SourceError("is not a readable ZIP archive (truncated or damaged), so not an EPUB", path=path) from exc
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror or exc})", path=path) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise SourceError(f"has {len(infos)} entries; refused as a zip bomb", path=path)
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise SourceError(f"would unpack to {total >> 20} MiB; refused as a zip bomb", path=path)
        for info in infos:
            if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise SourceError(f"{info.filename} packs {info.file_size >> 20} MiB into {info.compress_size} bytes; "
                                  "refused as a zip bomb", path=path)
        entries: dict[str, bytes] = {}
        compression: dict[str, int] = {}
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as fh:
                    data = fh.read(info.file_size + 1)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
                raise SourceError(f"is a damaged ZIP archive ({info.filename}: {exc})", path=path) from exc
            if len(data) > info.file_size:
                raise SourceError(f"{info.filename} unpacks to more than it declares; refused as a zip bomb", path=path)
            entries[info.filename] = data
            compression[info.filename] = info.compress_type
    return entries, compression


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=True,
                           remove_blank_text=False)


def _refuse_doctype(tree, path: Path, name: str) -> None:
    info = tree.docinfo
    dtd = info.internalDTD
    if dtd is not None and (list(dtd.entities()) or list(dtd.elements()) or list(dtd.iterelements())):
        raise SourceError(f"{name} declares XML entities (an internal DTD); refused as unsafe", path=path)
    url = info.system_url or ""
    if url and not _STANDARD_DTDS.match(url):
        raise SourceError(f"{name} names an external DTD ({url}); refused as unsafe", path=path)


def parse_xml(data: bytes, path: Path, name: str):
    """A well-formed XML entry as an lxml ElementTree, or SourceError naming the entry."""
    from lxml import etree

    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        _refuse_raw(data, path, name)
        raise SourceError(f"is not a readable EPUB: {name} is not well-formed XML ({exc})", path=path) from exc
    _refuse_doctype(tree, path, name)
    return tree


def _refuse_raw(data: bytes, path: Path, name: str) -> None:
    head = data[: data.find(b">", data.find(b"<!DOCTYPE")) + 1] if b"<!DOCTYPE" in data[:65536] else b""
    if b"<!ENTITY" in data[:65536] or b"[" in head:
        raise SourceError(f"{name} declares XML entities (an internal DTD); refused as unsafe", path=path)
    found = re.search(rb'<!DOCTYPE[^>]*?(?:SYSTEM|PUBLIC\s+"[^"]*")\s+"([^"]*)"', head)
    if found and not _STANDARD_DTDS.match(found.group(1).decode("utf-8", "replace")):
        raise SourceError(f"{name} names an external DTD ({found.group(1).decode('utf-8', 'replace')}); refused as unsafe",
                          path=path)


def parse_xhtml(data: bytes, path: Path, name: str):
    """``(tree, warning)``: strict XHTML, or, if malformed, the lenient HTML parser's tree and a warning."""
    from lxml import etree, html

    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        _refuse_raw(data, path, name)
        try:
            root = html.fromstring(data, parser=html.HTMLParser(no_network=True, remove_comments=False))
        except (etree.ParserError, ValueError) as inner:
            raise SourceError(f"{name} cannot be read, not even as HTML ({inner})", path=path) from inner
        first = str(exc).split("\n")[0]
        return root.getroottree(), f"{name}: malformed XHTML ({first}); read leniently as HTML"
    _refuse_doctype(tree, path, name)
    return tree, ""

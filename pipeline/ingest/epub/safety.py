"""Reading an untrusted EPUB: the ZIP through :mod:`pipeline.archive`, XML through
:mod:`pipeline.xmlsafe`, and XHTML content documents leniently.

``read_archive`` takes every member through the bounded reader (zip bombs,
truncated and damaged archives refused in one line). ``parse_xml`` is
:func:`pipeline.xmlsafe.parse_xml` as a tree. ``parse_xhtml`` keeps comments
(the writer writes the document back), refuses an internal DTD subset (XXE,
billion laughs) and a DOCTYPE naming a DTD other than the standard W3C/DAISY/
OEB ones (never fetched either way); malformed XHTML, and XHTML using HTML
entities such as ``&nbsp;`` that XML does not define, is read with the
lenient HTML parser and a warning naming the entry; XHTML nested deeper than
libxml2 reads is refused (the lenient parser would drop the deep text).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import SourceError

MAX_DEPTH = 256  # libxml2's nesting limit without XML_PARSE_HUGE
_STANDARD_DTDS = re.compile(r"^https?://(www\.w3\.org|www\.daisy\.org|openebook\.org|www\.idpf\.org)/")


def read_archive(path: Path) -> dict[str, bytes]:
    """Every file member's bytes, in archive order, or one-line SourceError."""
    from pipeline.archive import open_zip

    with open_zip(path, what="EPUB") as archive:
        return {name: archive.read(name) for name in archive.names() if not name.endswith("/")}


def parse_xml(data: bytes, path: Path, name: str):
    """A package, container, NCX or encryption document as an lxml ElementTree."""
    from pipeline.xmlsafe import parse_xml as safe

    return safe(data, path=path, part=name, advice="the EPUB is damaged").getroottree()


def _refuse_doctype(info, path: Path, name: str) -> None:
    dtd = info.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.iterelements())):
        raise SourceError(f"{name}: refused: the XML declares entities or a DTD; diglot reads no DTDs "
                          "(they can leak files or expand without end)", path=path)
    url = info.system_url or ""
    if url and not _STANDARD_DTDS.match(url):
        raise SourceError(f"{name}: refused: the DOCTYPE names an external DTD ({url}); diglot reads no DTDs",
                          path=path)


def _refuse_raw(data: bytes, path: Path, name: str) -> None:
    """The same refusals for a document too broken for the XML parser to say."""
    at = data.find(b"<!DOCTYPE", 0, 65536)
    if at < 0:
        return
    head = data[at: data.find(b">", at) + 1]
    if b"<!ENTITY" in data[:65536] or b"[" in head:
        raise SourceError(f"{name}: refused: the XML declares entities or a DTD; diglot reads no DTDs", path=path)
    found = re.search(rb'(?:SYSTEM|PUBLIC\s+"[^"]*")\s+"([^"]*)"', head)
    if found and not _STANDARD_DTDS.match(found.group(1).decode("utf-8", "replace")):
        raise SourceError(f"{name}: refused: the DOCTYPE names an external DTD "
                          f"({found.group(1).decode('utf-8', 'replace')}); diglot reads no DTDs", path=path)


def parse_xhtml(data: bytes, path: Path, name: str):
    """``(tree, warning)``: strict XHTML, or, if malformed, the lenient HTML parser's tree and a warning."""
    from lxml import etree, html

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False)
    why = ""
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        _refuse_raw(data, path, name)
        why = str(exc).split("\n")[0]
        if "Excessive depth" in why:  # the HTML parser would drop what lies deeper, silently
            raise SourceError(f"{name}: refused: its elements nest more than {MAX_DEPTH} deep; no book needs that, "
                              "and what lies deeper cannot be read safely (save the chapter flatter)", path=path) from exc
    else:
        _refuse_doctype(tree.docinfo, path, name)
        entity = next(tree.getroot().iter(etree.Entity), None)
        if entity is None:
            return tree, ""
        why = f"uses the HTML entity {entity.text}, which XML does not define"
    try:
        root = html.fromstring(data, parser=html.HTMLParser(no_network=True, remove_comments=False))
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"{name} cannot be read, not even as HTML ({exc})", path=path) from exc
    return root.getroottree(), f"{name}: malformed XHTML ({why}); read leniently as HTML"

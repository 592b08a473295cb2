"""XML read without trusting it: no DTD, no entities, no network, no huge trees.

Every XML diglot reads (review DOCX parts, TMX, XLIFF, TBX, EPUB and DOCX
sources) goes through :func:`parse_xml` or :func:`iter_xml`. The parser
loads no DTD, resolves no entity, reaches no network and keeps libxml2's
limits on depth and text size (``huge_tree`` off). A file whose DOCTYPE
declares anything (an entity, an element: an internal DTD subset) or that uses
an entity other than the five XML ones is refused in one line naming the file,
the part and the line, never half-read: an unexpanded ``&x;`` is not silently
dropped with the text after it.

A bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` or ``<!DOCTYPE html>`` (no
declarations) is accepted, as CAT tools and EPUBs write them; the DTD it names
is never loaded.

And every XML diglot writes passes its text through :func:`clean`, which drops
the characters XML 1.0 forbids.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Iterator

from pipeline.errors import DiglotError, SourceError

XML_NS = "http://www.w3.org/XML/1998/namespace"  # the xml: prefix, bound in every document
XML_LANG = "{%s}lang" % XML_NS
XML_SPACE = "{%s}space" % XML_NS
# Characters XML 1.0 forbids (C0 controls except tab/newline/CR, surrogates, FFFE/FFFF).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_ADVICE = "diglot reads no DTDs (they can leak files or expand without end)"


def parser(**options):
    """The safe lxml parser (options: ``remove_blank_text`` and the like)."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, **options)


def _where(part: str | None, line: int | None) -> str:
    """The part (and line) for a message; a lone file's line goes to the error's ``line``."""
    if part and line:
        return f"{part}, line {line}: "
    return f"{part}: " if part else ""


def _fail(error, message: str, *, path, part, line):
    return error(_where(part, line) + message, path=path, line=None if part else line)


def _line_of(data: bytes | None, needle: bytes) -> int | None:
    if not data:
        return None
    at = data.find(needle)
    return data.count(b"\n", 0, at) + 1 if at >= 0 else None


def _declarations(docinfo) -> str:
    """What the internal DTD subset declares, in words ("" when nothing)."""
    dtd = docinfo.internalDTD
    if dtd is None:
        return ""
    entities = [e.name for e in dtd.iterentities()]
    if entities:
        return f"declares the XML entit{'y' if len(entities) == 1 else 'ies'} {', '.join(entities[:3])}"
    elements = [e.name for e in dtd.iterelements()]
    if elements:
        return f"declares a DTD (element {elements[0]})"
    return ""


def _refuse_declarations(docinfo, *, path, part, error, data: bytes | None = None) -> None:
    what = _declarations(docinfo)
    if what:
        line = _line_of(data, b"<!ENTITY") or _line_of(data, b"<!DOCTYPE")
        raise _fail(error, f"refused: the XML {what}; {_ADVICE} - remove the DOCTYPE's [...] declarations "
                    "and write the characters themselves", path=path, part=part, line=line)


def _refuse_entity(entity, *, path, part, error) -> None:
    raise _fail(error, f"refused: the XML uses the entity {entity.text} that diglot does not expand (it would "
                "be lost with the text after it); write the character itself", path=path, part=part, line=entity.sourceline)


def _syntax(exc, *, path, part, error, advice: str) -> DiglotError:
    line = getattr(exc, "lineno", None) or None
    message = getattr(exc, "msg", "") or str(exc)
    message = message.split(", line ")[0] if ", line " in message else message
    if "Excessive depth" in message:  # libxml2's advice (use XML_PARSE_HUGE) is not the user's to take
        message = "its elements nest more than 256 deep, which no document needs"
    return _fail(error, f"not well-formed XML ({message}){'; ' + advice if advice else ''}", path=path, part=part, line=line)


def parse_xml(data: bytes, *, path: str | Path, part: str | None = None,
              error: type[DiglotError] = SourceError, advice: str = "", **options):
    """The root element of ``data``; ``error`` naming ``path`` (and ``part``) when it is refused or malformed.

    ``advice`` (what to do) ends the message for malformed XML.
    """
    from lxml import etree

    try:
        root = etree.fromstring(data, parser(**options))
    except etree.XMLSyntaxError as exc:
        # libxml2 may stop on what the declarations do (entity amplification): say why
        import io

        try:
            for _ in iter_xml(io.BytesIO(data), path=path, part=part, error=error, events=("start",)):
                break
        except etree.XMLSyntaxError:
            pass
        except DiglotError as refused:
            raise refused from exc
        raise _syntax(exc, path=path, part=part, error=error, advice=advice) from exc
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise _fail(error, f"not well-formed XML ({exc})", path=path, part=part, line=None) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype:
        _refuse_declarations(docinfo, path=path, part=part, error=error, data=data)
        for entity in root.iter(etree.Entity):
            _refuse_entity(entity, path=path, part=part, error=error)
    return root


class _Head:
    """A binary stream that keeps its first bytes, to find the line of a DOCTYPE."""

    KEEP = 1 << 16

    def __init__(self, stream: IO[bytes]):
        self._stream = stream
        self.head = b""

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if len(self.head) < self.KEEP:
            self.head += data[: self.KEEP - len(self.head)]
        return data


def iter_xml(source: IO[bytes], *, path: str | Path, part: str | None = None,
             error: type[DiglotError] = SourceError, events: tuple[str, ...] = ("end",),
             tag: str | tuple[str, ...] | None = None, advice: str = "") -> Iterator[tuple[str, object]]:
    """Stream ``(event, element)`` from ``source``, a binary file object.

    As :func:`parse_xml`, with the same refusals, checked as the stream goes:
    the DOCTYPE at the first event, entities in each element that ends (and in
    what is left of the tree at the end). The caller clears elements it is
    done with (``element.clear()``) to keep memory flat. ``tag`` (Clark
    notation, one or a tuple) keeps only those elements; libxml2 filters them,
    so a stream of a few wanted elements among millions stays fast.
    """
    from lxml import etree

    head = _Head(source)
    options = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                   huge_tree=False, remove_comments=True, remove_pis=True)
    # a start event always comes first, so the DOCTYPE is judged before any content is expanded
    stream = etree.iterparse(head, events=tuple(set(events) | {"start"}), tag=tag, **options)
    checked = has_doctype = False

    def check(element) -> None:
        nonlocal checked, has_doctype
        checked = True
        docinfo = element.getroottree().docinfo
        has_doctype = bool(docinfo.doctype)
        if has_doctype:
            _refuse_declarations(docinfo, path=path, part=part, error=error, data=head.head)

    try:
        for event, element in stream:
            if not checked:
                check(element)
            if has_doctype and event == "end":
                for entity in element.iter(etree.Entity):
                    _refuse_entity(entity, path=path, part=part, error=error)
            if event in events:
                yield event, element
        root = stream.root
        if root is not None:
            if not checked:
                check(root)
            if has_doctype:
                for entity in root.iter(etree.Entity):
                    _refuse_entity(entity, path=path, part=part, error=error)
    except etree.XMLSyntaxError as exc:
        raise _syntax(exc, path=path, part=part, error=error, advice=advice) from exc


def clean(text: str) -> str:
    """Text safe to put into XML: characters XML 1.0 forbids are dropped (every XML writer uses it)."""
    if not text or _XML_INVALID.search(text) is None:  # nearly always: the text as it is
        return text or ""
    return _XML_INVALID.sub("", text)

"""Scripts in a book: ``<script>`` elements, ``on…`` event-handler attributes, ``javascript:`` links.

The bilingual book carries none of them: a book's script can rewrite or hide
the very text a reader came for (the W3C's ``scr-support`` test book replaces
its only paragraph at load time), and diglot vouches for no code it did not
write. The reader counts them (:func:`count`, reported by the build as
"N scripts removed from NAME.epub"); the book writer takes them out
(:func:`remove`) of every XHTML and SVG document of the book and drops the
``scripted`` property of those documents' manifest items. Script files
(``.js``) stay in the package, unused: epubcheck accepts an unreferenced
manifest item, and every other resource is kept byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from pipeline.model import runs_script

MARKUP_TYPES = ("application/xhtml+xml", "text/html", "image/svg+xml")
MARKUP_SUFFIXES = (".xhtml", ".html", ".htm", ".svg")
SCRIPT_TYPES = ("application/javascript", "text/javascript", "application/ecmascript", "text/ecmascript",
                "application/x-javascript")
# A document without any of these bytes has nothing to remove (character references may spell "javascript:").
_MAYBE = re.compile(rb"(?i)script|\son[a-z]+\s*=|&#")


@dataclass(frozen=True)
class Scripts:
    """How many of each kind a document (or a book) holds."""

    elements: int = 0  # <script>, XHTML or SVG
    handlers: int = 0  # onclick, onload … attributes
    links: int = 0  # attributes whose value is a javascript: (or vbscript:) URL

    @property
    def total(self) -> int:
        return self.elements + self.handlers + self.links

    def __add__(self, other: Scripts) -> Scripts:
        return Scripts(self.elements + other.elements, self.handlers + other.handlers, self.links + other.links)

    def describe(self) -> str:
        parts = [(self.elements, "<script> element"), (self.handlers, "event-handler attribute"),
                 (self.links, "javascript: link")]
        return ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for n, what in parts if n)


def _kind(name: str, value: str) -> str:
    """``handler``, ``link`` or "" for one attribute."""
    if not name.startswith("{") and name.lower().startswith("on") and len(name) > 2:
        return "handler"
    if runs_script(value):
        return "link"
    return ""


def _walk(root, drop: bool) -> Scripts:
    elements = handlers = links = 0
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.rpartition("}")[2].lower() == "script":
            elements += 1
            doomed.append(el)
            continue
        for name, value in list(el.attrib.items()):
            kind = _kind(name, value)
            handlers += kind == "handler"
            links += kind == "link"
            if kind and drop:
                del el.attrib[name]
    if drop:
        for el in doomed:
            _remove_keeping_tail(el)
    return Scripts(elements, handlers, links)


def _remove_keeping_tail(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def count(root) -> Scripts:
    """The scripts in a parsed document, left where they are."""
    return _walk(root, drop=False)


def remove(root) -> Scripts:
    """Take every script out of a parsed document (text after a ``<script>`` kept); what was removed."""
    return _walk(root, drop=True)


def markup_names(book) -> list[str]:
    """Entries that can hold a script: the manifest's XHTML/SVG items, and files named like them."""
    typed = {item.href for item in book.manifest.values() if item.media_type in MARKUP_TYPES}
    return [name for name in book.entries if name in typed or name.lower().endswith(MARKUP_SUFFIXES)]


def other_documents(book, done) -> Iterator[tuple[str, object, str]]:
    """``(name, tree, warning)`` of each markup entry not in ``done`` that may hold a script."""
    from pipeline.ingest.epub.safety import parse_xhtml

    for name in markup_names(book):
        if name not in done and _MAYBE.search(book.entries[name]):
            tree, warning = parse_xhtml(book.entries[name], book.path, name)
            yield name, tree, warning


def script_files(book) -> int:
    """Manifest items that are script files (kept, unused, in the bilingual book)."""
    return sum(1 for item in book.manifest.values() if item.media_type.lower() in SCRIPT_TYPES)

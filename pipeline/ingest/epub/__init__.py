"""EPUB sources (EPUB 2 and 3): the book to a :class:`~pipeline.model.Document`.

``read_epub(path, language)`` is the entry point. It opens the archive
safely (:mod:`.safety`: ZIP limits, no XML entities or foreign DTDs, DRM
refused by :mod:`.package`), follows the spine (not file-name order), and
walks each content document (:mod:`.blocks`): block elements become
paragraphs with their inline marks, headings start sections (nested as the
navigation document or NCX nests them, else by heading rank), footnote and
endnote blocks go to ``Document.notes``, image ``alt`` texts and the table of
contents' labels are paragraphs too. ``pre``, ``code``-only blocks, scripts,
styles, MathML and SVG are left alone and reported as ``skipped`` repairs;
scripts, which the bilingual book does not carry (:mod:`.scripts`), are
counted in a ``scripts`` repair;
malformed XHTML is read leniently and reported as a ``lenient`` repair
naming the entry.

Each paragraph's ``anchor`` is ``ENTRY#K``: the K-th unit of that entry's
walk. :mod:`pipeline.render.book_epub` walks the same entries again and puts
each translation right after (or into) the unit with that anchor.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote

from pipeline.errors import SourceError
from pipeline.ingest.epub.blocks import Unit, Walk, local, walk, walk_ncx
from pipeline.ingest.epub.package import Book, open_book
from pipeline.model import Document, Mark, Paragraph, Repair, Section

__all__ = ["Book", "Entry", "entries", "open_book", "read_epub"]


@dataclass
class Entry:
    """One walked document of the book: a spine XHTML, the nav document, or the NCX."""

    name: str
    tree: object
    kind: str  # content | nav | ncx
    warning: str = ""
    _walk: Walk | None = None

    @property
    def walk(self) -> Walk:
        """Its units and skipped text (walked on first use)."""
        if self._walk is None:
            self._walk = walk_ncx(self.tree) if self.kind == "ncx" else walk(self.tree)
        return self._walk

    def anchor(self, index: int) -> str:
        return f"{self.name}#{index}"


def entries(book: Book) -> Iterator[Entry]:
    """The walked documents in reading order: the nav document (or, in an EPUB 2, the
    NCX) first unless the spine places it, then the spine's content documents."""
    from pipeline.ingest.epub.safety import parse_xhtml, parse_xml

    spine_names = [item.href for item in book.spine]
    if book.nav is None and book.ncx is not None:
        tree = parse_xml(book.entries[book.ncx.href], book.path, book.ncx.href)
        yield Entry(book.ncx.href, tree, "ncx")
    if book.nav is not None and book.nav.href not in spine_names:
        spine_names.insert(0, book.nav.href)
    for name in dict.fromkeys(spine_names):
        tree, warning = parse_xhtml(book.entries[name], book.path, name)
        kind = "nav" if book.nav is not None and name == book.nav.href else "content"
        yield Entry(name, tree, kind, warning)


def read_epub(path: str | Path, language: str) -> Document:
    """The Document of an EPUB (segments not yet filled)."""
    from pipeline.ingest.assemble import Ids

    path = Path(path)
    book = open_book(path)
    pids, sids = Ids(), Ids()
    title = None
    if book.title:
        title = Paragraph(id=pids.make("p", book.title), text=book.title, role="title", anchor="opf:title")
    depth = _toc_depth(book)
    walked = list(entries(book))
    ranks = [u.rank for e in walked for u in e.walk.units if u.rank and not u.note]
    top = min(ranks, default=1)

    made, targets = _paragraphs(walked, pids)
    sections: list[Section] = []
    notes: list[Paragraph] = []
    current: dict | None = None
    seen_entry = ""

    def close() -> None:
        if current is not None and (current["title"] is not None or current["paragraphs"]):
            key = current["title"].text if current["title"] is not None else current["paragraphs"][0].text
            sections.append(Section(id=sids.make("s", key), title=current["title"], byline=None,
                                    paragraphs=tuple(current["paragraphs"]), level=current["level"]))

    for entry, unit, para in made:
        para = _with_marks(para, unit, entry.name, targets)
        if unit.note:
            notes.append(para)
            continue
        if unit.rank:
            close()
            ident = _own_id(unit.element)
            level = depth.get((entry.name, ident)) or (depth.get((entry.name, "")) if entry.name != seen_entry else None)
            current = {"title": para, "paragraphs": [], "level": level or max(1, unit.rank - top + 1)}
        elif current is None or entry.name != seen_entry:
            close()
            current = {"title": None, "paragraphs": [para], "level": depth.get((entry.name, ""), 1)}
        else:
            current["paragraphs"].append(para)
        seen_entry = entry.name
    close()
    if not sections and not notes:
        raise SourceError("has no text to translate (its content documents hold no paragraphs)", path=path)
    return Document(name=path.stem, language=language, title=title, subtitle=None, sections=tuple(sections),
                    repairs=tuple(_repairs(book, walked, path.stem)), path=str(path), encoding="utf-8",
                    format="epub", notes=tuple(notes))


def _paragraphs(walked: list[Entry], pids) -> tuple[list[tuple[Entry, Unit, Paragraph]], dict[tuple[str, str], str]]:
    """Each unit's paragraph (with its id), and which element ids lead to which paragraph (for footnote marks)."""
    made: list[tuple[Entry, Unit, Paragraph]] = []
    targets: dict[tuple[str, str], str] = {}
    for entry in walked:
        for index, unit in enumerate(entry.walk.units):
            role = "heading" if unit.rank and not unit.note else "body"
            para = Paragraph(id=pids.make("p", unit.text), text=unit.text, role=role, anchor=entry.anchor(index))
            made.append((entry, unit, para))
            el = unit.element
            while el is not None and local(el) != "body":
                ident = el.get("id") if isinstance(el.tag, str) else None
                if ident:
                    targets.setdefault((entry.name, ident), para.id)
                el = el.getparent()
    return made, targets


def _repairs(book: Book, walked: list[Entry], name: str) -> list[Repair]:
    """What reading the book read leniently, left as it is, or removed (scripts)."""
    repairs = [Repair("lenient", (), e.warning) for e in walked if e.warning]
    skipped = Counter((e.name, reason) for e in walked for reason, _ in e.walk.skipped)
    repairs += [Repair("skipped", (), f"{entry}: {count} × {reason} left as it is")
                for (entry, reason), count in skipped.items()]
    return repairs + _scripts(book, walked, name)


def _scripts(book: Book, walked: list[Entry], name: str) -> list[Repair]:
    """A ``scripts`` repair when the book has any: the book writer carries none of them."""
    from pipeline.ingest.epub import scripts

    found = sum((scripts.count(e.tree) for e in walked if e.kind != "ncx"), scripts.Scripts())
    for _, tree, _ in scripts.other_documents(book, {e.name for e in walked}):
        found += scripts.count(tree)
    if not found.total:
        return []
    files = scripts.script_files(book)
    kept = f"; {files} script {'file stays' if files == 1 else 'files stay'} in the package, unused" if files else ""
    return [Repair("scripts", (), f"{found.total} script{'' if found.total == 1 else 's'} removed from {name}.epub "
                                  f"({found.describe()}){kept}")]


def _own_id(el) -> str:
    ident = el.get("id") or ""
    if not ident:  # <h2><a id="x"></a>Title</h2>
        ident = next((c.get("id") for c in el if isinstance(c.tag, str) and c.get("id")), "") or ""
    return ident


def _with_marks(para: Paragraph, unit: Unit, entry: str, targets: dict[tuple[str, str], str]) -> Paragraph:
    from dataclasses import replace

    if not unit.marks:
        return para
    marks = []
    for raw in unit.marks:
        if raw.kind == "footnote":
            pid = targets.get(resolve(entry, raw.href))
            if pid is None:
                marks.append(Mark("link", raw.start, raw.end, href=raw.href))
                continue
            marks.append(Mark("footnote", raw.start, raw.end, href=pid))
        else:
            marks.append(Mark(raw.kind, raw.start, raw.end, href=raw.href, language=raw.language))
    return replace(para, marks=tuple(marks))


def resolve(entry: str, href: str) -> tuple[str, str]:
    """``(entry name, fragment)`` that ``href`` in ``entry`` points to."""
    target, _, fragment = href.partition("#")
    name = posixpath.normpath(posixpath.join(posixpath.dirname(entry), unquote(target))) if target else entry
    return name, unquote(fragment)


def _toc_depth(book: Book) -> dict[tuple[str, str], int]:
    """How deep the table of contents nests each target (``(entry, fragment)`` → 1, 2, …)."""
    from pipeline.ingest.epub.safety import parse_xhtml, parse_xml

    depth: dict[tuple[str, str], int] = {}
    if book.nav is not None:
        tree, _ = parse_xhtml(book.entries[book.nav.href], book.path, book.nav.href)
        navs = [el for el in tree.iter() if local(el) == "nav"]
        toc = next((n for n in navs if "toc" in (n.get("{http://www.idpf.org/2007/ops}type") or "").split()),
                   navs[0] if navs else None)
        for a in (toc.iter() if toc is not None else ()):
            if local(a) == "a" and a.get("href"):
                level = sum(1 for p in a.iterancestors() if local(p) == "ol")
                depth.setdefault(resolve(book.nav.href, a.get("href")), max(1, level))
    elif book.ncx is not None:
        tree = parse_xml(book.entries[book.ncx.href], book.path, book.ncx.href)
        for content in tree.getroot().iter():
            if local(content) == "content" and local(content.getparent()) == "navpoint":
                level = sum(1 for p in content.iterancestors() if local(p) == "navpoint")
                depth.setdefault(resolve(book.ncx.href, content.get("src", "")), level)
    return depth

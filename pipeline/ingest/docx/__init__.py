"""Word documents in: a ``.docx`` source to a :class:`~pipeline.model.Document`.

``read_docx(path, language)`` is the entry point (``pipeline.ingest.read_document``
dispatches ``.docx`` here); ``read_docx_reading`` also returns where every
text run went. What it reads:

- the body in order: paragraphs, tables cell by cell (a merged cell is one
  ``w:tc``, read once), content controls, text boxes (each of their paragraphs
  on its own, right after the paragraph that holds the box);
- headings by outline level (direct or from the style chain) or by a built-in
  ``Heading N`` style: each starts a :class:`~pipeline.model.Section` of that
  ``level``; the first ``Title`` paragraph is the document's title;
- footnotes and endnotes as :attr:`Document.notes`, linked from their
  reference by a ``footnote`` mark;
- runs' formatting as marks (emphasis, strong, superscript, subscript,
  links, line breaks);
- tracked changes as the accepted view, reported as a ``tracked-changes`` repair.

Headers, footers and comments are not translated: their runs are listed as
skipped, with deleted text, computed field results (page numbers, TOC) and
the fallback copies of text boxes. Every paragraph's ``anchor`` is
``PART#N``: the N-th ``w:p`` of that part (:func:`paragraph_elements`), which
is how :mod:`pipeline.render.book_docx` puts the translation back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from pipeline import languages
from pipeline.errors import SourceError
from pipeline.model import Document, Paragraph, Repair, Section
from pipeline.word.names import W
from pipeline.word.package import Package, Style
from pipeline.word.text import FALLBACK, PartReader, RunLedger, in_fallback, paragraph_elements

__all__ = ["DocxReading", "Skipped", "paragraph_elements", "read_docx", "read_docx_reading"]

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_SKIPPED_PARTS = {"header": "header (not translated)", "footer": "footer (not translated)",
                  "comments": "comment (comments are ignored)"}
_NOTE_KINDS = (("footnotes", "footnote"), ("endnotes", "endnote"))


@dataclass(frozen=True)
class Skipped:
    part: str
    index: int  # of the text element among the part's w:t and w:delText
    text: str
    reason: str


@dataclass(frozen=True)
class DocxReading:
    document: Document
    placed: Mapping[tuple[str, int], tuple[str, int]]  # (part, text element index) -> (paragraph id, offset)
    skipped: tuple[Skipped, ...]
    parts: tuple[str, ...]  # the parts whose text elements are accounted for


def read_docx(path: str | Path, language: str = "zh") -> Document:
    """Read a .docx source into a Document (segments not yet filled)."""
    return read_docx_reading(path, language).document


def read_docx_reading(path: str | Path, language: str = "zh") -> DocxReading:
    """The Document, and where each text run of the document, notes, headers, footers and comments went."""
    from pipeline.ingest.assemble import Ids

    language = languages.check(language)
    path = Path(path)
    with Package(path) as package:
        package.check_whole()  # every refusal before the first output is written
        styles = package.styles()
        ids = Ids()
        ledger = RunLedger()
        placed: dict = {}  # w:t -> (paragraph id, offset)
        parts: list[tuple[str, object, str]] = []  # (name, root, reason when skipped wholesale)
        notes, note_ids = _read_notes(package, styles, ids, ledger, placed, parts)
        main = package.xml(package.main)
        parts.append((package.main, main, ""))
        reader = PartReader(package.rels(package.main), styles, note_ids, ledger)
        blocks = []
        for index, p in enumerate(paragraph_elements(main)):
            read = reader.read(p)
            if not read.text:
                _blank(read, ledger)
                continue
            blocks.append((p, read, f"{package.main}#{index}"))
        for kind, reason in _SKIPPED_PARTS.items():
            for name in package.related(package.main, kind):
                parts.append((name, package.xml(name), reason))
        title, subtitle, sections = _structure(blocks, styles, ids, placed)
        repairs = []
        chunks = sum(1 for _ in main.iter(W + "altChunk"))
        if chunks:  # imported HTML or RTF kept as it was: Word converts it when it opens the file
            repairs.append(Repair("unread", (), f"{package.main}: {chunks} imported chunk(s) of HTML or RTF "
                                  "(w:altChunk) not read or translated; open the document in Word, save it, build again"))
        if ledger.tracked:
            repairs.append(Repair("tracked-changes", (), f"the source has {ledger.tracked} tracked change(s): read as "
                                  "if all were accepted; deleted text is not translated"))
        if title is None and subtitle is None and not sections and not notes:
            raise SourceError("has no text to translate (no paragraph with text in the document)", path=path)
        document = Document(name=path.stem, language=language, title=title, subtitle=subtitle,
                            sections=tuple(sections), repairs=tuple(repairs), path=str(path), encoding="utf-8",
                            format="docx", notes=tuple(notes))
        return _ledger(document, parts, ledger, placed)


def _read_notes(package, styles, ids, ledger, placed, parts):
    notes: list[Paragraph] = []
    note_ids: dict[tuple[str, str], str] = {}
    for rel_kind, kind in _NOTE_KINDS:
        for name in package.related(package.main, rel_kind):
            root = package.xml(name)
            parts.append((name, root, ""))
            index = {p: i for i, p in enumerate(paragraph_elements(root))}
            reader = PartReader(package.rels(name), styles, {}, ledger)
            for note in root.iter(W + kind):
                ordinary = note.get(W + "type", "normal") == "normal"
                for p in (p for p in note.iter(W + "p") if p in index):
                    read = reader.read(p)
                    if not read.text or not ordinary:
                        _blank(read, ledger, "" if ordinary else "note separator")
                        continue
                    paragraph = Paragraph(id=ids.make("n", read.text), text=read.text, marks=read.marks,
                                          anchor=f"{name}#{index[p]}")
                    note_ids.setdefault((kind, note.get(W + "id", "")), paragraph.id)
                    placed.update((t, (paragraph.id, offset)) for t, offset in read.placed)
                    notes.append(paragraph)
    return notes, note_ids


def _blank(read, ledger: RunLedger, reason: str = "") -> None:
    for t, _ in read.placed:
        ledger.skipped[t] = reason or "blank paragraph"


def _structure(blocks, styles: dict[str, Style], ids, placed):
    title = subtitle = None
    sections: list[Section] = []
    head: Paragraph | None = None
    level = 1
    body: list[Paragraph] = []

    def close() -> None:
        if head is not None or body:
            key = head.text if head is not None else body[0].text
            sections.append(Section(id=ids.make("s", key), title=head, byline=None, paragraphs=tuple(body),
                                    level=level))

    for p, read, anchor in blocks:
        kind, depth = _kind(p, styles)
        role = "body"
        if kind == "title" and title is None and not sections and head is None and not body:
            role = "title"
        elif kind == "subtitle" and title is not None and subtitle is None and head is None and not body:
            role = "subtitle"
        elif kind == "heading":
            role = "heading"
        paragraph = Paragraph(id=ids.make("p", read.text), text=read.text, role=role, marks=read.marks,
                              anchor=anchor)
        placed.update((t, (paragraph.id, offset)) for t, offset in read.placed)
        if role == "title":
            title = paragraph
        elif role == "subtitle":
            subtitle = paragraph
        elif role == "heading":
            close()
            head, level, body = paragraph, depth, []
        else:
            body.append(paragraph)
    close()
    return title, subtitle, sections


def _kind(p, styles: dict[str, Style]) -> tuple[str, int]:
    """``("heading", level)``, ``("title", 0)``, ``("subtitle", 0)`` or ``("body", 0)``."""
    if any(a.tag in (W + "tc", W + "txbxContent") for a in p.iterancestors()):
        return "body", 0
    ppr = p.find(W + "pPr")
    if ppr is not None:
        outline = ppr.find(W + "outlineLvl")
        if outline is not None and outline.get(W + "val", "").isdigit():
            value = int(outline.get(W + "val"))
            return ("heading", value + 1) if value < 9 else ("body", 0)
    style_el = ppr.find(W + "pStyle") if ppr is not None else None
    sid = style_el.get(W + "val", "") if style_el is not None else ""
    for _ in range(12):  # the basedOn chain, bounded against loops
        style = styles.get(sid)
        name = (style.name if style is not None else sid).strip()
        match = _HEADING_NAME.match(name) or _HEADING_NAME.match(sid)
        if match:
            return "heading", int(match.group(1))
        if name.lower() in ("title", "subtitle"):
            return name.lower(), 0
        if style is None:
            break
        if style.outline is not None:
            return ("heading", style.outline + 1) if style.outline < 9 else ("body", 0)
        sid = style.based_on
    return "body", 0


def _ledger(document: Document, parts, ledger: RunLedger, placed) -> DocxReading:
    out_placed: dict[tuple[str, int], tuple[str, int]] = {}
    skipped: list[Skipped] = []
    for name, root, wholesale in parts:
        for i, t in enumerate(root.iter(W + "t", W + "delText")):
            text = t.text or ""
            if wholesale:
                skipped.append(Skipped(name, i, text, wholesale))
            elif t in placed:
                out_placed[(name, i)] = placed[t]
            elif t in ledger.skipped:
                skipped.append(Skipped(name, i, text, ledger.skipped[t]))
            elif in_fallback(t):
                skipped.append(Skipped(name, i, text, FALLBACK))
    return DocxReading(document=document, placed=out_placed, skipped=tuple(skipped),
                       parts=tuple(name for name, _, _ in parts))

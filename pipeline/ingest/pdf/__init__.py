"""PDF sources: the text layer read into a Document, its structure recovered.

``read_pdf(path, language)`` is the entry point (``read_document`` sends a
``.pdf`` here). The file is read through :mod:`.library` (the one door to
PyMuPDF, and every refusal); :mod:`.layout` drops page furniture, orders each
page's columns and builds paragraphs by geometry. Then the roles:

- the PDF's outline (bookmarks), where it has one, names the headings and
  their levels (:mod:`.outline`); headings in larger type that it does not
  name come below them;
- where the PDF sets headings in larger type, those are the sections'
  titles (the largest size found is the document's title when it opens the
  first page and stands once; the PDF's metadata title otherwise);
- where it does not (a text printed as it is), the paragraphs go through the
  plain-text structure rules (:func:`pipeline.ingest.structure.detect`):
  speech titles and bylines, chapter headings, numerals, endnotes;
- footnotes (smaller type in the lower part of a page) are paragraphs of
  role ``note`` after the page's text; italic and bold spans are marks.

A PDF cannot be reflowed in place, so the editions are built anew, as for a
text source. Each paragraph's ``anchor`` is its page (``page 3``). Vertical
CJK text is out of reach for now and is refused in one line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.model import Document, Mark, Paragraph, Repair

__all__ = ["read_pdf"]


def read_pdf(path: str | Path, language: str) -> Document:
    """The Document of the PDF at ``path`` (segments not yet filled)."""
    from pipeline.ingest.pdf.figures import place
    from pipeline.ingest.pdf.headings import bold_headings, stacked
    from pipeline.ingest.pdf.layout import body_size, furniture, paragraphs
    from pipeline.ingest.pdf.library import open_pdf
    from pipeline.ingest.pdf.notes import link
    from pipeline.ingest.pdf.outline import apply as apply_outline
    from pipeline.ingest.pdf.outline import contents_pages

    source = open_pdf(path)
    vertical = sum(1 for page in source.pages for line in page.lines if line.vertical)
    if vertical > 0.5 * sum(len(page.lines) for page in source.pages):
        raise SourceError("is set in vertical text, which diglot cannot read from a PDF yet; "
                          "extract its text to a .txt first", path=source.path)
    body = body_size(source.pages)
    dropped, repairs = furniture(source.pages)
    blocks = stacked(paragraphs(source.pages, dropped, body), source.pages)
    pictures = place(blocks, source.pages, body)
    blocks, linked, references = link(blocks)
    repairs.extend(_despaced(blocks + linked))
    contents = contents_pages(blocks, source.outline)
    apply_outline(blocks, source.outline, contents)
    if not any(b.kind == "heading" for b in blocks) and _mostly_cjk(blocks):
        doc = _by_text_rules(source, blocks, language)  # a compilation or a novel printed as it is
    else:
        bold_headings(blocks, contents)
        doc = _by_headings(source, blocks, language)
    if not any(p.text for p in doc.blocks()):
        raise SourceError("has no text to translate (only page headers, footers and numbers)", path=source.path)
    doc = _with_notes(doc, blocks, linked, references)
    return replace(doc, repairs=tuple(repairs) + tuple(pictures) + doc.repairs, format="pdf", encoding="pdf")


def _with_notes(doc: Document, blocks, linked, references) -> Document:
    """The linked footnotes as the document's notes, each reference a point ``footnote`` mark."""
    if not linked:
        return doc
    from pipeline.ingest.assemble import Ids

    ids = Ids()
    notes = tuple(Paragraph(id=ids.make("n", n.text), text=n.text, role="note", anchor=f"page {n.page}",
                            marks=_marks(n, len(n.text))) for n in linked)
    points = {block.text: [Mark("footnote", at, at, href=notes[i].id) for at, i in references[id(block)]]
              for block in blocks if id(block) in references}

    def marked(p: Paragraph) -> Paragraph:
        extra = points.get(p.text)
        if not extra:
            return p
        return replace(p, marks=tuple(sorted(p.marks + tuple(extra), key=lambda m: (m.start, m.kind))))

    sections = tuple(replace(s, paragraphs=tuple(marked(p) for p in s.paragraphs)) for s in doc.sections)
    return replace(doc, sections=sections, notes=notes)


def _by_headings(source, blocks, language: str) -> Document:
    """Sections at the headings the PDF sets in larger type; the largest, opening page 1 once, is the title."""
    from pipeline.ingest.assemble import assemble
    from pipeline.ingest.structure import Unit

    units = [_unit(b, n) for n, b in enumerate(blocks, start=1)]
    heads = [b.kind == "heading" for b in blocks]
    title = None
    top = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1 and b.sized]
    if any(blocks[i].named for i in top):
        top = []  # the outline names the largest heading: a chapter, not the book's title
    if len(top) == 1 and blocks[top[0]].page <= 2 and top[0] == heads.index(True):
        title = units[top[0]]
        heads[top[0]] = False
        units[top[0]] = None
    elif source.title:
        title = Unit(source.title, 0)
    sections: list[list] = []
    levels: list[int] = []
    for unit, head, block in zip(units, heads, blocks):
        if unit is None:
            continue
        if head:
            sections.append([unit, None, []])
            levels.append(max(1, block.level))
        elif sections:
            sections[-1][2].append(unit)
        else:
            sections.append([None, None, [unit]])
            levels.append(1)
    doc = assemble(name=source.path.stem, language=language, path=str(source.path), encoding="pdf",
                   title=title, subtitle=None, sections=[tuple(s) for s in sections], repairs=[])
    top = min(levels, default=1)  # the shallowest heading is a top section (the title took level 1)
    doc = replace(doc, sections=tuple(replace(s, level=level - top + 1) for s, level in zip(doc.sections, levels)))
    return _on_pages(doc, blocks)


def _by_text_rules(source, blocks, language: str) -> Document:
    """A PDF without larger headings: its paragraphs read by the plain-text structure rules."""
    from pipeline.ingest.assemble import assemble
    from pipeline.ingest.lines import Layout
    from pipeline.ingest.structure import Unit, detect

    units = [_unit(b, n) for n, b in enumerate(blocks, start=1)]
    title, subtitle, raw = detect(units, Layout(None, False, separator="lines"))
    if title is None and source.title:
        title = Unit(source.title, 0)
    sections = [(section.title, section.byline_parts(), section.body) for section in raw]
    doc = assemble(name=source.path.stem, language=language, path=str(source.path), encoding="pdf",
                   title=title, subtitle=subtitle, sections=sections, repairs=[])
    return _on_pages(doc, blocks)


def _despaced(blocks) -> list[Repair]:
    """Single spaces between Chinese characters (a text printed with them, or set apart on the page) out."""
    from pipeline.ingest.repair import despace
    from pipeline.ingest.structure import Unit

    repairs = []
    for block in blocks:
        unit = Unit(block.text, block.page)
        unit.role = "note" if block.kind == "note" else block.kind
        found = despace(unit, where=f"page {block.page}", why="")
        if found is not None:
            block.text = unit.text
            repairs.append(replace(found, lines=()))
    return repairs


def _mostly_cjk(blocks) -> bool:
    from pipeline.ingest.structure import is_wide

    text = "".join(b.text for b in blocks[:200])
    return sum(1 for c in text if is_wide(c)) > 0.3 * max(1, len(text))


def _unit(block, number: int):
    """The paragraph as a unit of the structure rules (numbered in reading order)."""
    from pipeline.ingest.structure import Unit

    unit = Unit(block.text, number)
    unit.role = block.kind if block.kind in ("note", "figure") else "body"
    return unit


def _on_pages(doc: Document, blocks) -> Document:
    """Each paragraph anchored at its page (a figure at its picture), with the italic and bold of its spans
    as marks."""
    from pipeline.ingest.pdf.figures import picture_anchor

    by_text: dict[str, list] = {}
    for block in blocks:
        by_text.setdefault(block.text, []).append(block)

    page = [1]

    def place(p: Paragraph | None) -> Paragraph | None:
        if p is None:
            return p
        if not by_text.get(p.text):  # a unit the structure rules cut (注释 ⑴…): on the page before it
            return replace(p, line=0, anchor=f"page {page[0]}")
        block = by_text[p.text].pop(0)
        page[0] = block.page
        anchor = picture_anchor(block.page, block.picture) if block.picture else f"page {block.page}"
        return replace(p, line=0, anchor=anchor, marks=_marks(block, len(p.text)))

    def byline(s):
        return s.byline if s.byline is None else replace(s.byline, paragraph=place(s.byline.paragraph))

    sections = tuple(replace(s, title=place(s.title), byline=byline(s),
                             paragraphs=tuple(place(p) for p in s.paragraphs)) for s in doc.sections)
    return replace(doc, title=place(doc.title), subtitle=place(doc.subtitle), sections=sections)


def _marks(block, length: int) -> tuple[Mark, ...]:
    marks = []
    all_bold = all(span.bold for _, _, span in block.spans if span.text.strip())
    for start, end, span in block.spans:
        end = min(end, length)
        if start >= end:
            continue
        if span.italic:
            marks.append(Mark("emphasis", start, end))
        if span.bold and not all_bold:
            marks.append(Mark("strong", start, end))
        if span.superscript:
            marks.append(Mark("superscript", start, end))
    links = [Mark("link", start, min(end, length), href=url)
             for start, end, url in block.links if start < min(end, length)]
    return tuple(_merged(marks)) + tuple(_merged_links(links))


def _merged_links(links: list[Mark]):
    """Pieces of one link (a link over several spans or lines) as one span."""
    out: list[Mark] = []
    for mark in links:
        if out and out[-1].href == mark.href and mark.start - out[-1].end <= 1:
            out[-1] = Mark("link", out[-1].start, mark.end, href=mark.href)
        else:
            out.append(mark)
    return out


def _merged(marks: list[Mark]):
    """Touching marks of one kind as one span."""
    out: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.kind, m.start)):
        if out and out[-1].kind == mark.kind and out[-1].end >= mark.start:
            out[-1] = Mark(mark.kind, out[-1].start, max(out[-1].end, mark.end))
        else:
            out.append(mark)
    return sorted(out, key=lambda m: (m.start, m.kind))

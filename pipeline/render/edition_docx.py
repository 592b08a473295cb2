"""The edition DOCX, for print: a title page, then each section in two languages.

``interleaved``: each source paragraph followed by its translation in the
custom paragraph style ``Translation`` (coloured, italic, indented behind a
rule). ``side-by-side``: one two-column table per section, a row per paragraph.

Inline formatting: italic, bold, code font, superscript/subscript and real
hyperlinks in source and translation. Each footnote is a real Word footnote
(``word/footnotes.xml``), referenced where the source paragraph refers to it,
holding the note's source and translation; the translation shows the same
number as a superscript. Notes no paragraph refers to stay in a Notes section.
A code block is set once, in a code font.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.model import Edition, Paragraph, Section
from pipeline.render.common import Span, edition_title, pair_line, section_target_title, section_title
from pipeline.render.ooxml import Lang, marked_runs, paragraph, picture_run, run
from pipeline.render.ooxml_document import (
    Hyperlinks,
    add_paragraph_style,
    finished_body,
    new_document,
    save,
    usable_width,
)
from pipeline.word.names import R_NS, W_NS
from pipeline.word.props import CODE_FONT
from pipeline.xmlsafe import clean

UNTRANSLATED = "[not yet translated]"


def write_edition_docx(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """Write NAME.docx in ``interleaved`` or ``side-by-side`` layout; return its path."""
    from pipeline.formats import DOCX_LAYOUTS, check_layout

    layout = check_layout(layout, DOCX_LAYOUTS)
    path = Path(path)
    document = edition.document
    title = document.title.text if document.title is not None else document.name
    doc = new_document(edition, title=title, landscape=False, page_size="A4",
                       subject=f"Bilingual edition, {pair_line(edition)}", keywords="diglot-edition")
    doc.core_properties.title = edition_title(edition)[:255]  # the header keeps the source title alone
    add_paragraph_style(doc, "Translation", name="Translation", color="1F4E79", italic=True, indent=425,
                        border="8EAADB")
    add_paragraph_style(doc, "TranslationColumn", name="Translation Column", color="1F4E79", italic=True)
    add_paragraph_style(doc, "Byline", name="Byline", color="404040", italic=True)
    source, target = Lang(edition.source_language, edition), Lang(edition.target_language, edition)
    body = _title_page(edition, title, source, target)
    width = usable_width(doc)
    inline = _Inline(edition, doc, source, target)
    for number, section in enumerate(_sections(document), 1):
        parts = _section_head(edition, section, number, source, target)
        if layout == "side-by-side":
            parts.append(_side_by_side(edition, section, inline, width))
        else:
            for block in section.paragraphs:
                if block.role == "code":
                    parts.append(paragraph(run(block.text, source, font=CODE_FONT, size=18)))
                    continue
                if block.role == "figure":  # the picture beside the source, then its alt text as the caption
                    parts.append(_picture(edition, doc, block, width))
                if block.role == "subheading":  # 一、…: a heading inside the section; other roles read as body
                    parts.append(paragraph(inline.source_runs(block), style="Heading2", keep_next=True))
                else:
                    parts.append(paragraph(inline.source_runs(block)))
                parts.append(_translation(edition, block, inline, "Translation"))
        body.extend(parts)
    document_xml = finished_body(doc, body)
    inline.write_footnotes()
    save(doc, path, document_xml=document_xml)
    return path


def _sections(document) -> tuple[Section, ...]:
    """The sections, then a Notes section for notes no paragraph refers to (the others are footnotes)."""
    referred = {m.href for p in document.blocks() for m in p.marks if m.kind == "footnote"}
    loose = tuple(n for n in document.notes if n.id not in referred)
    if not loose:
        return document.sections
    title = Paragraph(id="notes", text="Notes", role="heading")
    return document.sections + (Section(id="notes", title=title, byline=None, paragraphs=loose),)


class _Inline:
    """Runs with marks for the edition: hyperlinks related to the document, footnotes collected."""

    def __init__(self, edition: Edition, doc, source: Lang, target: Lang):
        from pipeline.render.inline import note_numbers

        self.edition, self.doc, self.source, self.target = edition, doc, source, target
        self.numbers = note_numbers(edition.document)
        self.notes = {n.id: n for n in edition.document.notes}
        self.link = Hyperlinks(doc)
        self.footnotes: list[str] = []  # footnote XML, ids 1..n
        self.placed: dict[str, int] = {}  # note id -> footnote id

    def _source_note(self, mark, text: str = "") -> str:
        note = self.notes.get(mark.href)
        if note is None or mark.href in self.placed:
            return self._target_note(mark, text)
        fid = len(self.footnotes) + 1
        self.placed[mark.href] = fid
        translated = clean(self.edition.target_of(note))
        ref = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        body = paragraph(ref + run(" " + note.text, self.source, size=18), after=0)
        if translated:
            body += paragraph(run(translated, self.target, size=18, italic=True, color="1F4E79"), after=0)
        self.footnotes.append(f'<w:footnote w:id="{fid}">{body}</w:footnote>')
        return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'

    def _target_note(self, mark, text: str = "") -> str:
        number = self.numbers.get(mark.href)
        return run(str(number) if number else text, self.target, vert="superscript") if number or text else ""

    def source_runs(self, block: Paragraph) -> str:
        return marked_runs([Span(block.text)], block.marks, self.source, link=self.link, note=self._source_note)

    def target_runs(self, text: str, marks) -> str:
        return marked_runs([Span(text)], marks, self.target, link=self.link, note=self._target_note)

    def write_footnotes(self) -> None:
        """word/footnotes.xml with the separators and every footnote placed (none: no part)."""
        if not self.footnotes:
            return
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            + "".join(self.footnotes) + "</w:footnotes>"
        )
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode("utf-8"), self.doc.part.package)
        self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def _title_page(edition: Edition, title: str, source: Lang, target: Lang) -> list[str]:
    d = edition.document
    out = [paragraph(run(title, source), style="Title", before=2400)]
    if d.title is not None and edition.target_of(d.title):
        out.append(paragraph(run(edition.target_of(d.title), target), style="Subtitle"))
    if d.subtitle is not None:
        out.append(paragraph(run(d.subtitle.text, source, size=28), before=480, after=60))
        if edition.target_of(d.subtitle):
            out.append(paragraph(run(edition.target_of(d.subtitle), target, size=26, italic=True, color="1F4E79")))
    out.append(paragraph(run(pair_line(edition), Lang("en", edition), size=18, color="7F7F7F"), before=1200))
    out.append(paragraph('<w:r><w:br w:type="page"/></w:r>'))
    return out


def _section_head(edition: Edition, section: Section, number: int, source: Lang, target: Lang) -> list[str]:
    heading = run(section_title(section, number), source)
    translated = section_target_title(edition, section)
    if translated:
        heading += '<w:r><w:br/></w:r>' + run(translated, target)
    out = [paragraph(heading, style="Heading1")]
    if section.byline is not None:
        out.append(paragraph(run(section.byline.text, source), style="Byline", keep_next=True, after=0))
        translated = edition.target_of(section.byline.paragraph)
        if translated:
            out.append(paragraph(run(translated, target), style="Byline", after=240))
    return out


def _picture(edition: Edition, doc, block: Paragraph, width: int) -> str:
    """A paragraph holding the figure's picture (as the EPUB embeds it), or "" when there is none."""
    drawing = picture_run(edition, doc, block, width)
    return f'<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>{drawing}</w:p>' if drawing else ""


def _translation(edition: Edition, block: Paragraph, inline: _Inline, style: str) -> str:
    from pipeline.render.inline import target_with_marks

    text, marks = target_with_marks(edition, block)
    if not clean(text):
        return paragraph(run(UNTRANSLATED, Lang("en", edition), color="A6A6A6"), style=style)
    return paragraph(inline.target_runs(clean(text), marks), style=style)


def _side_by_side(edition: Edition, section: Section, inline: _Inline, width: int) -> str:
    half = width // 2
    cell = f'<w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>'
    rows = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{half * 2}" w:type="dxa"/>'
        '<w:tblBorders><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="113" w:type="dxa"/>'
        '<w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
    ]
    for block in section.paragraphs:
        rows.append(
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>{cell}{paragraph(inline.source_runs(block))}</w:tc>"
            f"<w:tc>{cell}{_translation(edition, block, inline, 'TranslationColumn')}</w:tc></w:tr>"
        )
    if len(rows) == 1:  # a table needs a row
        rows.append(f"<w:tr><w:tc>{cell}<w:p/></w:tc><w:tc>{cell}<w:p/></w:tc></w:tr>")
    rows.append("</w:tbl>")
    return "".join(rows) + paragraph("")

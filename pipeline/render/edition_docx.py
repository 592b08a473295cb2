"""The edition DOCX, for print: a title page, then each section in two languages.

``interleaved``: each source paragraph followed by its translation in the
custom paragraph style ``Translation`` (coloured, italic, indented behind a
rule). ``side-by-side``: one two-column table per section, a row per paragraph.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.model import Edition, Paragraph, Section
from pipeline.render.common import clean, pair_line, section_target_title, section_title, sections_with_notes
from pipeline.render.ooxml import (
    Lang,
    add_paragraph_style,
    new_document,
    paragraph,
    run,
    save,
    set_body,
    usable_width,
)

UNTRANSLATED = "[not yet translated]"


def write_edition_docx(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """Write NAME.docx in ``interleaved`` or ``side-by-side`` layout; return its path."""
    from pipeline.render import DOCX_LAYOUTS, check_layout

    layout = check_layout(layout, DOCX_LAYOUTS)
    path = Path(path)
    document = edition.document
    title = document.title.text if document.title is not None else document.name
    doc = new_document(edition, title=title, landscape=False, page_size="A4",
                       subject=f"Bilingual edition, {pair_line(edition)}", keywords="diglot-edition")
    add_paragraph_style(doc, "Translation", name="Translation", color="1F4E79", italic=True, indent=425,
                        border="8EAADB")
    add_paragraph_style(doc, "TranslationColumn", name="Translation Column", color="1F4E79", italic=True)
    add_paragraph_style(doc, "Byline", name="Byline", color="404040", italic=True)
    source, target = Lang(edition.source_language, edition), Lang(edition.target_language, edition)
    body = _title_page(edition, title, source, target)
    width = usable_width(doc)
    for number, section in enumerate(sections_with_notes(document), 1):
        parts = _section_head(edition, section, number, source, target)
        if layout == "side-by-side":
            parts.append(_side_by_side(edition, section, source, target, width))
        else:
            for block in section.paragraphs:
                if block.role == "subheading":  # 一、…: a heading inside the section; other roles read as body
                    parts.append(paragraph(run(block.text, source), style="Heading2", keep_next=True))
                else:
                    parts.append(paragraph(run(block.text, source)))
                parts.append(_translation(edition, block, target, "Translation"))
        body.extend(parts)
    set_body(doc, body)
    save(doc, path)
    return path


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


def _translation(edition: Edition, block: Paragraph, target: Lang, style: str) -> str:
    text = clean(edition.target_of(block))
    if not text:
        return paragraph(run(UNTRANSLATED, Lang("en", edition), color="A6A6A6"), style=style)
    return paragraph(run(text, target), style=style)


def _side_by_side(edition: Edition, section: Section, source: Lang, target: Lang, width: int) -> str:
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
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>{cell}{paragraph(run(block.text, source))}</w:tc>"
            f"<w:tc>{cell}{_translation(edition, block, target, 'TranslationColumn')}</w:tc></w:tr>"
        )
    if len(rows) == 1:  # a table needs a row
        rows.append(f"<w:tr><w:tc>{cell}<w:p/></w:tc><w:tc>{cell}<w:p/></w:tc></w:tr>")
    rows.append("</w:tbl>")
    return "".join(rows) + paragraph("")

"""The edition DOCX for print: title page, sections, translation set apart by style."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.word.adapter import element_of
from pipeline.errors import RenderError
from pipeline.render import write_edition_docx


def _body_paragraphs(doc):
    return [(p.style.style_id, p.text) for p in doc.paragraphs]


def test_interleaved_puts_each_translation_right_after_its_source(tmp_path, edition):
    doc = docx.Document(str(write_edition_docx(edition, tmp_path / "speeches.docx")))
    items = _body_paragraphs(doc)
    for section in edition.document.sections:
        for block in section.paragraphs:
            at = items.index(("Normal", block.text))
            style, text = items[at + 1]
            assert style == "Translation"
            assert text == (edition.target_of(block) or "[not yet translated]")
    assert sum(1 for style, _ in items if style == "Translation") == sum(
        len(s.paragraphs) for s in edition.document.sections
    )


def test_title_page_and_headings(tmp_path, edition):
    doc = docx.Document(str(write_edition_docx(edition, tmp_path / "speeches.docx")))
    items = _body_paragraphs(doc)
    assert items[0] == ("Title", "新时代的对外开放")
    assert items[1] == ("Subtitle", "Opening Up in the New Era")
    headings = [text for style, text in items if style == "Heading1"]
    assert headings == ["坚持合作共赢\nUpholding Win-Win Cooperation", "共同发展\nCommon Development"]
    assert ("Byline", "联合国副秘书长 约翰·史密斯") in items
    assert ("Byline", "UN Under-Secretary-General John Smith") in items


def test_translation_style_is_distinct(tmp_path, edition):
    doc = docx.Document(str(write_edition_docx(edition, tmp_path / "speeches.docx")))
    style = doc.styles["Translation"]
    assert style.font.italic is True
    assert str(style.font.color.rgb) == "1F4E79"
    assert style.paragraph_format.left_indent.twips > 0


def test_language_tags_and_east_asian_font_on_runs(tmp_path, edition):
    doc = docx.Document(str(write_edition_docx(edition, tmp_path / "speeches.docx")))
    for p in doc.paragraphs:
        for r in p.runs:
            if not r.text.strip() or r.text == "[not yet translated]":
                continue
            lang = element_of(r).rPr.find(qn("w:lang"))
            assert lang is not None, r.text
            if p.style.style_id == "Translation":
                assert lang.get(qn("w:val")) == "en-US"
            if any("\u4e00" <= ch <= "\u9fff" for ch in r.text) and p.style.style_id != "Translation":
                assert lang.get(qn("w:eastAsia")) == "zh-CN"
                assert element_of(r).rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Serif CJK SC"


def test_side_by_side_is_a_two_column_table_per_section_with_a_row_per_paragraph(tmp_path, edition):
    doc = docx.Document(str(write_edition_docx(edition, tmp_path / "s.docx", layout="side-by-side")))
    assert len(doc.tables) == len(edition.document.sections)
    for table, section in zip(doc.tables, edition.document.sections):
        assert len(table.columns) == 2
        assert len(table.rows) == len(section.paragraphs)
        for row, block in zip(table.rows, section.paragraphs):
            assert row.cells[0].text == block.text
            assert row.cells[1].text == (edition.target_of(block) or "[not yet translated]")
            assert row.cells[1].paragraphs[0].style.style_id == "TranslationColumn"


def test_provenance_and_the_bilingual_title_in_core_properties(tmp_path, edition):
    doc = docx.Document(str(write_edition_docx(edition, tmp_path / "speeches.docx")))
    comments = doc.core_properties.comments
    assert "engine: argos" in comments and "translate-zh_en 1.9" in comments and "g1a2b3c4" in comments
    assert doc.core_properties.title == "新时代的对外开放 / Opening Up in the New Era"  # as the EPUB's main title
    assert doc.sections[0].header.paragraphs[0].text == "新时代的对外开放"  # the running head: the source's


def test_unknown_layout_is_a_render_error(tmp_path, edition):
    with pytest.raises(RenderError, match="layout"):
        write_edition_docx(edition, tmp_path / "x.docx", layout="facing-pages")


def test_right_to_left_target_runs_are_marked(tmp_path, edition):
    from dataclasses import replace

    doc = docx.Document(str(write_edition_docx(replace(edition, target_language="ar"), tmp_path / "ar.docx")))
    translated = [p for p in doc.paragraphs if p.style.style_id == "Translation" and p.runs
                  and p.text != "[not yet translated]"]
    assert translated
    for p in translated:
        rpr = element_of(p.runs[0]).rPr
        assert rpr.find(qn("w:rtl")) is not None
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "ar"
        assert element_of(p).pPr.find(qn("w:bidi")) is not None  # the paragraph runs right to left too
    chinese = [p for p in doc.paragraphs if p.runs and element_of(p.runs[0]).rPr is not None
               and element_of(p.runs[0]).rPr.find(qn("w:rtl")) is None]
    assert chinese and all(element_of(p).pPr is None or element_of(p).pPr.find(qn("w:bidi")) is None for p in chinese)

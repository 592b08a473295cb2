"""The python-docx adapter: every private attribute diglot relies on, checked against the installed python-docx.

An upgrade of python-docx that renames one of them fails here, naming it.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from pipeline.word.adapter import comments_part, element_of, part_named, part_xml, replace_document_element, set_part_xml
from tests.support.docxfiles import book_docx


def test_element_of_gives_the_xml_behind_paragraphs_runs_tables_cells_and_footers():
    doc = docx.Document()
    paragraph = doc.add_paragraph("text")
    table = doc.add_table(rows=1, cols=1)
    assert element_of(paragraph).tag == qn("w:p")
    assert element_of(paragraph.runs[0]).tag == qn("w:r")
    assert element_of(table).tag == qn("w:tbl")
    assert element_of(table.cell(0, 0)).tag == qn("w:tc")
    assert element_of(doc.sections[0].footer).tag == qn("w:ftr")


def test_a_replaced_document_element_is_what_python_docx_reads_and_saves(tmp_path):
    from docx.oxml import parse_xml
    from lxml import etree

    doc = docx.Document()
    doc.add_paragraph("old")
    xml = etree.tostring(doc.element, encoding="unicode").replace(">old<", ">new<")
    replace_document_element(doc, parse_xml(xml))
    assert [p.text for p in doc.paragraphs] == ["new"]  # the cached body was dropped
    doc.save(tmp_path / "a.docx")
    assert [p.text for p in docx.Document(tmp_path / "a.docx").paragraphs] == ["new"]


def test_the_comments_part_is_created_and_its_new_xml_saved(tmp_path):
    from docx.oxml import parse_xml

    doc = docx.Document()
    part = comments_part(doc)
    assert part.element.tag == qn("w:comments")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    set_part_xml(part, parse_xml(f'<w:comments xmlns:w="{w}"><w:comment w:id="0" w:author="A"><w:p><w:r><w:t>'
                                 "note</w:t></w:r></w:p></w:comment></w:comments>"))
    doc.save(tmp_path / "c.docx")
    again = docx.Document(tmp_path / "c.docx")
    assert [c.text for c in again.comments] == ["note"]


def test_parts_python_docx_keeps_as_bytes_are_read_and_written(tmp_path):
    doc = docx.Document(str(book_docx(tmp_path / "book.docx")))
    part = part_named(doc, "word/footnotes.xml")
    assert part is not None and part_named(doc, "word/nothing.xml") is None
    root = part_xml(part)
    root.find(".//" + qn("w:t")).text = " changed."
    set_part_xml(part, root)
    doc.save(tmp_path / "out.docx")
    again = part_xml(part_named(docx.Document(tmp_path / "out.docx"), "/word/footnotes.xml"))
    assert again.find(".//" + qn("w:t")).text == " changed."
    assert part_xml(part_named(doc, "word/document.xml")) is doc.element  # a part python-docx models: its own XML


def test_python_docx_is_within_the_bound_pyproject_declares():
    from importlib.metadata import version

    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"python-docx>=1.2,<1.3"' in text
    assert version("python-docx").startswith("1.2.")

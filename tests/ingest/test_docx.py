"""DOCX sources: structure, marks, notes, tables, tracked changes, and where every text run went."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.ingest import read_document
from pipeline.ingest.docx import read_docx_reading
from pipeline.word.names import W
from pipeline.segment import segment_document
from tests.support.docxfiles import bad_files, book_docx, chinese_docx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "docx"
REAL = ["pandoc-notes.docx", "poi-delins.docx", "python-docx-par-rendered-page-breaks.docx"]


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return book_docx(tmp_path_factory.mktemp("docx") / "book.docx")


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> Path:
    return chinese_docx(tmp_path_factory.mktemp("docx") / "spring.docx")


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared real-world corpus)")
    return path


def texts(doc) -> list[str]:
    return [p.text for p in doc.blocks()]


def test_headings_make_sections_at_their_level_and_the_title_is_the_documents(book):
    doc = read_document(book, language="en")
    assert doc.format == "docx" and doc.title.text == "A Test Book" and doc.title.role == "title"
    assert [(s.title.text, s.level) for s in doc.sections] == [
        ("Chapter One", 1), ("A Section Within", 2), ("Chapter Two", 1)]
    assert all(s.title.role == "heading" for s in doc.sections)


def test_body_order_lists_tables_cell_by_cell_merged_cells_once_text_boxes_and_controls(book):
    doc = read_document(book, language="en")
    body = [p.text for s in doc.sections for p in s.paragraphs]
    assert body[1:5] == ["First item of the list.", "A nested item.", "Another nested item.",
                         "Second item of the list."]
    table = ["Merged across two columns.", "Top right.", "Merged down two rows.", "Cell 11.", "Cell 12.",
             "Cell 21.", "Cell 22."]
    assert body[5:12] == table  # each merged cell once, rows in order
    assert body[12:] == ["The picture above is a blue square.", "Kept words inserted words end.",
                         "Before the box.", "Text inside a box.", "Text in a content control.",
                         "Page  of the book. See the field link."]
    anchors = [p.anchor for p in doc.blocks()]
    assert len(set(anchors)) == len(anchors) and all("#" in a for a in anchors)


def test_run_formatting_links_line_breaks_and_note_references_are_marks(book):
    doc = read_document(book, language="en")
    para = doc.sections[0].paragraphs[0]
    got = {(m.kind, para.text[m.start:m.end], m.href) for m in para.marks if m.kind not in ("footnote", "linebreak")}
    assert got == {("emphasis", "bright", ""), ("strong", "cold", ""),
                   ("link", "the moon page", "https://example.org/moon"), ("subscript", "2", "")}
    brk = [m for m in para.marks if m.kind == "linebreak"]
    assert len(brk) == 1 and para.text[:brk[0].start].endswith("H2O.")
    refs = [m for m in para.marks if m.kind == "footnote"]
    notes = {n.id: n for n in doc.notes}
    assert [notes[m.href].text for m in refs] == ["A footnote with emphasis.", "An endnote at the end."]
    assert para.text[:refs[0].start].endswith("the moon page.")
    note = notes[refs[0].href]
    assert [(m.kind, note.text[m.start:m.end]) for m in note.marks] == [("emphasis", "emphasis")]


def test_a_hyperlink_field_is_a_link_mark(book):
    last = read_document(book, language="en").sections[-1].paragraphs[-1]
    assert [(m.kind, last.text[m.start:m.end], m.href) for m in last.marks] == [
        ("link", "the field link", "https://example.org/field")]


def test_tracked_changes_read_as_accepted_with_a_warning(book):
    reading = read_docx_reading(book, language="en")
    assert "Kept words inserted words end." in texts(reading.document)
    assert not any("deleted words" in t for t in texts(reading.document))
    assert [r.kind for r in reading.document.repairs] == ["tracked-changes"]
    assert {(s.text, s.reason) for s in reading.skipped} >= {(" deleted words", "deleted text (tracked change)")}


def test_computed_fields_and_fallback_copies_are_skipped_not_translated(book):
    reading = read_docx_reading(book, language="en")
    reasons = {s.text: s.reason for s in reading.skipped}
    assert reasons["Chapter One 1"].startswith("TOC field result")
    assert reasons["7"].startswith("PAGE field result")
    assert reasons["Text inside a box."].startswith("fallback copy")
    assert texts(reading.document).count("Text inside a box.") == 1


def every_run_accounted(path: Path, language: str):
    """Every w:t and w:delText of the read parts: placed at its offset in one paragraph, or skipped."""
    reading = read_docx_reading(path, language=language)
    doc = segment_document(reading.document)
    by_id = {p.id: p for p in doc.blocks()}
    skipped = {(s.part, s.index) for s in reading.skipped}
    with zipfile.ZipFile(path) as z:
        for part in reading.parts:
            from lxml import etree

            elements = list(etree.fromstring(z.read(part)).iter(W + "t", W + "delText"))
            for index, t in enumerate(elements):
                key = (part, index)
                assert (key in reading.placed) != (key in skipped), f"{part} text {index} {t.text!r}"
                if key in reading.placed:
                    pid, offset = reading.placed[key]
                    raw = t.text or ""  # the paragraph's text is stripped at both ends
                    assert by_id[pid].text[offset:].startswith(raw.strip() if offset == 0 else raw.rstrip())
    for paragraph in doc.blocks():
        assert "".join(s.text for s in paragraph.segments) == paragraph.text
    assert len({s.id for s in doc.segments()}) == len(list(doc.segments()))
    return reading


def test_every_text_run_is_in_exactly_one_segment_or_listed_as_skipped(book, chinese):
    reading = every_run_accounted(book, "en")
    assert len(reading.placed) > 30 and len(reading.skipped) == 4
    every_run_accounted(chinese, "zh")


@pytest.mark.parametrize("name", REAL)
def test_every_text_run_of_real_documents_is_accounted_for(name):
    reading = every_run_accounted(corpus(name), "en")
    assert reading.placed


def test_real_notes_tracked_changes_links_and_page_break_markers():
    notes = read_document(corpus("pandoc-notes.docx"), language="en")
    assert [n.text for n in notes.notes] == ["My note.", "This is an endnote at the end of the document."]
    assert notes.sections[0].title.text == "A footnote" and notes.sections[0].level == 2
    delins = read_document(corpus("poi-delins.docx"), language="en")
    assert [r.kind for r in delins.repairs] == ["tracked-changes"]
    assert any(m.kind == "link" and m.href.startswith("http://en.wikipedia.org/") for p in delins.blocks()
               for m in p.marks)
    breaks = read_document(corpus("python-docx-par-rendered-page-breaks.docx"), language="en")
    assert "Page break in>><<this hyperlink and another one here>><<with text following" in texts(breaks)


def test_chinese_document(chinese):
    doc = segment_document(read_document(chinese, language="zh"))
    assert doc.title.text == "春天的故事"
    assert [s.title.text for s in doc.sections] == ["第一章", "第二章"]
    assert [s.text for s in doc.sections[0].paragraphs[0].segments] == ["今天天气很好。", "我们去公园散步。"]
    assert doc.sections[1].paragraphs[-2:][0].text == "左边的格子。"


# -- bad input: one SourceError naming the file, whatever the file is


def test_hostile_and_fake_docx_are_one_source_error_naming_the_file(book, tmp_path):
    for name, (path, why) in bad_files(book, tmp_path).items():
        with pytest.raises(SourceError) as caught:
            read_document(path, language="en")
        message = str(caught.value)
        assert message.startswith(str(path)) and why in message and "\n" not in message, (name, message)


def test_the_real_truncated_docx_is_refused():
    with pytest.raises(SourceError, match="cut short"):
        read_document(corpus("poi-truncated62886.docx"), language="en")


def test_an_imported_html_chunk_is_listed_as_not_read(tmp_path):
    """w:altChunk: HTML or RTF that Word converts only when it opens the file; diglot says so."""
    import docx
    from docx.opc.part import Part
    from docx.opc.packuri import PackURI
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Text that Word wrote.")
    chunk = Part(PackURI("/word/afchunk.html"), "text/html",
                 b"<html><body><p>Text pasted in as HTML.</p></body></html>", document.part.package)
    rel = document.part.relate_to(chunk, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
    alt = OxmlElement("w:altChunk")
    alt.set(qn("r:id"), rel)
    document.element.body.insert(1, alt)
    path = tmp_path / "pasted.docx"
    document.save(path)
    doc = read_document(path, language="en")
    assert [p.text for s in doc.sections for p in s.paragraphs] == ["Text that Word wrote."]
    (skipped,) = [r for r in doc.repairs if r.kind == "unread"]  # a build shows it as a warning
    assert "1 imported chunk(s) of HTML or RTF (w:altChunk) not read or translated" in skipped.detail

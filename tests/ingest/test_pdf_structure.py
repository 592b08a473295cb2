"""PDF sources: headings from the PDF's outline, rotated pages, right-to-left scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import read_document
from tests.support.pdfs import NEEDS_SOFFICE, printed

TEXT = ("The society met in the spring to choose the texts it would translate in the year to come, and each "
        "member wrote a short note on the book they proposed.")


def _outlined(path: Path) -> None:
    """Chapters (Heading 1) and their parts (Heading 2) where the parts are set as the body text is: only the
    outline the PDF keeps tells them apart."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    part = document.styles["Heading 2"]
    part.font.size, part.font.bold, part.font.italic = Pt(11), False, False
    part.font.color.rgb = None
    part.paragraph_format.space_before = Pt(0)
    for chapter in ("The Spring Meeting", "The Autumn Meeting"):
        document.add_heading(chapter, level=1)
        for name in ("Who came", "What was chosen"):
            document.add_heading(name, level=2)
            document.add_paragraph(TEXT)
    document.save(path)


@pytest.mark.slow
@NEEDS_SOFFICE
def test_headings_and_their_levels_come_from_the_pdfs_outline(tmp_path):
    import pymupdf

    _outlined(tmp_path / "meetings.docx")
    pdf = printed(tmp_path / "meetings.docx")
    assert [level for level, *_ in pymupdf.open(pdf).get_toc()] == [1, 2, 2, 1, 2, 2]  # LibreOffice's bookmarks
    doc = read_document(pdf, language="en")
    assert [(s.level, s.title.text) for s in doc.sections] == [
        (1, "The Spring Meeting"), (2, "Who came"), (2, "What was chosen"),
        (1, "The Autumn Meeting"), (2, "Who came"), (2, "What was chosen")]
    assert all([p.text for p in s.paragraphs] == ([TEXT] if s.level == 2 else []) for s in doc.sections)


def test_without_its_outline_the_same_parts_are_body_text(tmp_path):
    """The control: the parts set as body text are headings only through the outline."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    y = 72
    for text, size in (("The Spring Meeting", 16), ("Who came", 11), (TEXT[:80], 11), (TEXT[80:], 11)):
        page.insert_text((72, y), text, fontsize=size)
        y += 30
    document.save(tmp_path / "plain.pdf")
    plain = read_document(tmp_path / "plain.pdf", language="en")
    assert [s.title.text for s in plain.sections if s.title] == []  # the one large line is the title
    assert "Who came" in [p.text for s in plain.sections for p in s.paragraphs]
    document.set_toc([[1, "The Spring Meeting", 1], [2, "Who came", 1]])
    document.save(tmp_path / "outlined.pdf")
    outlined = read_document(tmp_path / "outlined.pdf", language="en")
    assert [(s.level, s.title.text) for s in outlined.sections] == [(1, "The Spring Meeting"), (2, "Who came")]


def test_a_page_printed_sideways_and_a_turned_page_read_in_order(tmp_path):
    """A landscape page in a portrait book: its text drawn running up the page, the page set to turn
    (/Rotate 90) so that a viewer shows it upright; and a page whose /Rotate turns upright text."""
    import pymupdf

    document = pymupdf.open()
    first = document.new_page()
    first.insert_text((72, 72), "The Tables of the Year", fontsize=24)
    first.insert_text((72, 110), "The first page is set upright, as the book is.", fontsize=11)
    sideways = document.new_page()
    sideways.insert_text((80, 770), "The Spring Catch", fontsize=18, rotate=90)
    for n, x in enumerate((120, 135, 150)):
        sideways.insert_text((x, 770), f"Line {n + 1} of the landscape page, read from the top of the turned page.",
                             fontsize=11, rotate=90)
    sideways.set_rotation(90)
    turned = document.new_page()
    turned.insert_text((72, 72), "The Autumn Catch", fontsize=18)
    turned.insert_text((72, 110), "A page turned by its /Rotate is read as its text runs.", fontsize=11)
    turned.set_rotation(270)
    document.save(tmp_path / "sideways.pdf")
    doc = read_document(tmp_path / "sideways.pdf", language="en")
    assert doc.title.text == "The Tables of the Year"
    assert [(s.title.text if s.title else None, [p.text for p in s.paragraphs]) for s in doc.sections] == [
        (None, ["The first page is set upright, as the book is."]),
        ("The Spring Catch", [" ".join(f"Line {n} of the landscape page, read from the top of the turned page."
                                       for n in (1, 2, 3))]),
        ("The Autumn Catch", ["A page turned by its /Rotate is read as its text runs."])]


HEBREW = "שלום עולם, זהו משפט ראשון בעברית עם מילה English באמצע."
ARABIC = ("مرحبا بالعالم، هذه جملة عربية طويلة بما يكفي لتلتف على سطرين في الصفحة المطبوعة حتى نرى كيف يقرأ "
          "القارئ الأسطر بترتيب منطقي وليس بالترتيب المرئي للحروف على الصفحة.")


@pytest.mark.slow
@NEEDS_SOFFICE
@pytest.mark.parametrize("text", [HEBREW, ARABIC], ids=["hebrew", "arabic"])
def test_right_to_left_text_printed_by_libreoffice_comes_back_in_the_order_it_is_read(tmp_path, text):
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    for _ in range(2):
        paragraph = document.add_paragraph()
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))  # a right-to-left paragraph
        run = paragraph.add_run(text)
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    document.save(tmp_path / "rtl.docx")
    doc = read_document(printed(tmp_path / "rtl.docx"), language="he" if text == HEBREW else "ar")
    assert [p.text for s in doc.sections for p in s.paragraphs] == [text, text]  # lines joined, marks at the end

"""PDF sources: headings from the PDF's outline, rotated pages, right-to-left scripts."""

from __future__ import annotations

from pathlib import Path

import pymupdf
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


_TALE = ("The little man led him over the pasture and into the forest, along the stream, until they came to a "
         "valley that was full of the most beautiful flowers, and there they sat down to rest in the shade.")


def _sections(doc) -> list[tuple[str | None, list[str]]]:
    return [(s.title.text if s.title else None, [p.text for p in s.paragraphs]) for s in doc.sections]


def test_a_heading_in_small_bold_lines_low_on_a_page_is_one_heading_and_its_author_stays_text(tmp_path):
    # calibre prints <h5>CHAPTER IV<br/>HOW MR. SCHWARTZ …</h5> in small bold centred lines (not a
    # footnote, low on a page as it is), and an author's name in small bold right under a story's title
    css = ("p {font-size: 12pt; text-align: justify; text-indent: 1.25em; margin: 0.4em 0} "
           "h4 {font-size: 12pt; font-weight: bold; text-align: center} "
           "h5, div {font-size: 9pt; font-weight: bold; text-align: center}")
    chapter = "HOW MR. SCHWARTZ SET OFF ON AN EXPEDITION TO THE GOLDEN RIVER, AND HOW HE PROSPERED THEREIN"
    html = (f"<h4>THE KING OF THE GOLDEN RIVER</h4><div>JOHN RUSKIN</div>"
            + f"<p>{_TALE} {_TALE}</p>" * 7 + f"<h5>CHAPTER IV<br/>{chapter}</h5><p>{_TALE}</p>")
    document = pymupdf.open()
    document.new_page().insert_htmlbox(pymupdf.Rect(72, 72, 523, 770), html, css=css)
    document.save(tmp_path / "tale.pdf")
    doc = read_document(tmp_path / "tale.pdf", language="en")
    titles = [doc.title.text if doc.title else None] + [title for title, _ in _sections(doc)]
    assert f"CHAPTER IV {chapter}" in titles, titles
    assert "THE KING OF THE GOLDEN RIVER" in titles
    assert "JOHN RUSKIN" in [p for _, body in _sections(doc) for p in body]
    assert not doc.notes and all(p.role != "note" for p in doc.blocks())


def test_an_outline_entry_that_leads_to_the_contents_page_makes_no_heading_there(tmp_path):
    # calibre's outline leads an author's name, which has no place of its own, to the contents page
    # that lists it; the contents page's entries (bold for the authors) stay its text
    css = "p {font-size: 12pt; margin: 0.2em 0} p.author {font-weight: bold} h1 {font-size: 20pt}"
    stories = ["THE REAL PRINCESS", "THE NIGHTINGALE", "THE FIR TREE"]
    contents = f"<h1>THE CONTENTS</h1><p>{_TALE}</p><p class='author'>Hans Christian Andersen</p>" + "".join(
        f"<p>{title}</p>" for title in stories)
    document = pymupdf.open()
    document.new_page().insert_htmlbox(pymupdf.Rect(72, 72, 523, 770), contents, css=css)
    for title in stories:
        document.new_page().insert_htmlbox(pymupdf.Rect(72, 72, 523, 770),
                                           f"<h1>{title}</h1><p>{_TALE}</p>", css=css)
    document.set_toc([[1, "THE CONTENTS", 1], [1, "Hans Christian Andersen", 1]]
                     + [[2, title, n] for n, title in enumerate(stories, start=2)])
    document.save(tmp_path / "contents.pdf")
    doc = read_document(tmp_path / "contents.pdf", language="en")
    sections = _sections(doc)
    assert [title for title, _ in sections if title] == ["THE CONTENTS", *stories], sections
    assert sections[0][1] == [_TALE, "Hans Christian Andersen", *stories]

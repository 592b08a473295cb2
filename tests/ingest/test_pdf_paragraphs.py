"""PDF sources: paragraphs whole where a print sets things inside or beside them (page markers, indented
blocks, bylines), on PDFs made in the test by MuPDF and by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.ingest import read_document
from tests.support.pdfs import NEEDS_SOFFICE, printed

_LINES = ["The reeds grew tall along the river, and the boys of the village walked",
          "there every evening after school to watch the fishermen come home with",
          "their nets full. Nobody in the village remembered a year without fish.",
          "Many of the boys wanted to become fishermen themselves, and their fathers",
          "told them stories of storms and of the great catch of the year before."]


def _numbered_line(path: Path) -> None:
    """Five lines of text; the fourth opens with a small ``172`` on its baseline."""
    document = pymupdf.open()
    page = document.new_page()
    for n, text in enumerate(_LINES):
        y = 100 + 15 * n
        if n == 3:
            page.insert_text((72, y), "172", fontsize=8)
            page.insert_text((88, y), text, fontsize=12)
        else:
            page.insert_text((72, y), text, fontsize=12)
    document.save(path)


def test_a_small_number_on_the_baseline_is_a_prints_page_marker_not_a_note(tmp_path):
    # calibre prints an e-book's page markers (<span epub:type="pagebreak">172</span>) in smaller type on
    # the text's baseline; the paragraph goes on through it, as diglot's reading of the EPUB keeps it (a
    # note's number stands raised: test_pdf.py's footnotes and endnotes printed by LibreOffice)
    _numbered_line(tmp_path / "marker.pdf")
    doc = read_document(tmp_path / "marker.pdf", language="en")
    texts = [p.text for s in doc.sections for p in s.paragraphs]
    assert not doc.notes and all(p.role == "body" for s in doc.sections for p in s.paragraphs)
    assert any(t.startswith("172 Many of the boys") and t.endswith("the year before.") for t in texts), texts



_STORY = ("The soldier came marching along the high road, one, two, one, two, with his knapsack on his back and a "
          "sword at his side, for he had been in the wars and was now going home to the town where he was born.")
_INTRO = ("The tale that follows is one of the first the author wrote, and it is clearly based on an old folk tale "
          "of which the brothers printed a variant. It is told here in the translation most readers know, and it "
          "is set apart from the story in the book as it is on this page: narrower, on both sides, as a note.")


def test_a_block_set_in_from_both_margins_reads_as_one_paragraph(tmp_path):
    # a book's introduction to a story, set in 2 em from both margins with its own first-line indent (as
    # calibre prints an EPUB's ``.intro``): its lines neither start at the margin nor reach the right edge
    css = "p {font-size: 12pt; text-align: justify; text-indent: 1.25em; margin: 0.4em 0}"
    html = (f"<p>{_STORY} {_STORY}</p><p>{_STORY}</p>"
            f'<p style="margin: 0.75em 2em">{_INTRO}</p>'
            f"<p>{_STORY} {_STORY}</p><p>{_STORY}</p>")
    document = pymupdf.open()
    document.new_page().insert_htmlbox(pymupdf.Rect(72, 72, 523, 770), html, css=css)
    document.save(tmp_path / "intro.pdf")
    doc = read_document(tmp_path / "intro.pdf", language="en")
    assert [p.text for s in doc.sections for p in s.paragraphs] == [f"{_STORY} {_STORY}", _STORY, _INTRO,
                                                                     f"{_STORY} {_STORY}", _STORY]


_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")


def _lines(page, lines: list[str], top: float) -> float:
    """Lines set in a fixed-width font as a book sets them: a line opening with two spaces is a paragraph's
    first line, indented."""
    y = top
    for line in lines:
        indent = 18 if line.startswith("  ") else 0
        page.insert_text((72 + indent, y), line.strip(), fontname="mono", fontfile=str(_MONO), fontsize=10)
        y += 12
    return y


_FIRST = ["  There came a soldier marching along the high road, one, two,",
          "one, two. He had his knapsack on his back and a sword at his side,",
          "for he had been in the wars and was now going home. On the way he",
          "met an old witch, who said: Good evening, soldier. What a knapsack!"]
_NEXT = ["You are a proper soldier! Now you shall have as much money as you",
         "like to have, said the witch, and she pointed at the hollow tree."]
_DASHED = ["  The witch told him that the tree was hollow inside, that he should",
           "climb up to its top and let himself down at the hole he would find",
           "—if he dared—and he would come to a great hall with three doors."]
_PLAIN = ["  He thanked her and climbed the tree, and he let himself down the",
          "hole, and he stood in the great hall, where a hundred lamps burned."]


@pytest.mark.skipif(not _MONO.is_file(), reason="DejaVu Sans Mono is not installed")
def test_a_paragraph_goes_on_over_a_page_break_after_a_sentence_where_the_next_page_does_not_indent(tmp_path):
    # the last line on the page is full and ends a sentence; the next page's first line is not indented,
    # where every paragraph's first line is: the paragraph goes on. A dash at a line's start, set close
    # to the word after it, is joined without a space.
    document = pymupdf.open()
    page = document.new_page()
    _lines(page, _PLAIN + _PLAIN + _FIRST, top=792 - 72 - 12 * 8)
    _lines(document.new_page(), _NEXT + _PLAIN + _DASHED + _PLAIN, top=72)
    document.save(tmp_path / "soldier.pdf")
    doc = read_document(tmp_path / "soldier.pdf", language="en")
    texts = [p.text for s in doc.sections for p in s.paragraphs]
    whole = " ".join(line.strip() for line in _FIRST + _NEXT)
    assert whole in texts, texts
    assert " ".join(line.strip() for line in _DASHED).replace("find —if", "find—if") in texts
    assert texts.count(" ".join(line.strip() for line in _PLAIN)) == 4


_NEWS = [("March 2009: Apache Tika Release",
          "Apache Tika 0.3 has been released. Please see the download."),  # one line, to the right edge
         ("February 2009: Lucene at ApacheCon Europe",
          "Lucene will be extremely well represented at ApacheCon Europe 2009 in Amsterdam, the Netherlands, "
          "this March, with two days of training and talks by the people who write it, from morning to night."),
         ("January 2009: Lucene in the news",
          "The project was written about in three magazines this month, each of which talked to its users and "
          "found them happy with it, and one of which printed a long interview with the people who started it.")]


@NEEDS_SOFFICE
def test_a_word_paragraph_indented_as_a_block_ends_where_the_next_starts_at_the_margin(tmp_path):
    # a news page: each date line at the margin, its text indented as a whole (36 pt) under it; the
    # indented lines are most of the page, the date lines stand out to the left of them. The first text
    # is one line, which runs to the right edge, as a paragraph's first line indented 36 pt would.
    import docx
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)  # no gap between them
    for head, text in _NEWS:
        document.add_paragraph(head)
        document.add_paragraph(text).paragraph_format.left_indent = Pt(36)
    document.save(tmp_path / "news.docx")
    doc = read_document(printed(tmp_path / "news.docx"), language="en")
    texts = [p.text for s in doc.sections for p in s.paragraphs]
    assert texts == [part for pair in _NEWS for part in pair], texts


@pytest.mark.skipif(not _MONO.is_file(), reason="DejaVu Sans Mono is not installed")
def test_a_byline_set_to_the_right_at_a_pages_foot_does_not_join_the_next_pages_paragraph(tmp_path):
    # the compilation's speeches: a title, the speaker's office and name set to the right, nearly as wide
    # as the column, and the speech below it; paragraphs are not indented. Here the byline ends page 1.
    body = ["The world is going through a deep change in science and industry: the internet, large data",
            "and machine learning have made great steps, and they have moved the digital economy along."]
    byline = "Director of the Information Office of the State Council, Zhuang Rongwen"
    document = pymupdf.open()
    page = document.new_page()
    y = 792 - 72 - 12 * 6
    for line in body + [""] + body:
        page.insert_text((72, y), line, fontname="mono", fontfile=str(_MONO), fontsize=9)
        y += 12
    width = pymupdf.Font(fontfile=str(_MONO)).text_length(body[0], fontsize=9)
    right = 72 + width
    page.insert_text((right - pymupdf.Font(fontfile=str(_MONO)).text_length(byline, fontsize=9), y + 12), byline,
                     fontname="mono", fontfile=str(_MONO), fontsize=9)
    page = document.new_page()
    for n, line in enumerate(body):
        page.insert_text((72, 72 + 12 * n), line, fontname="mono", fontfile=str(_MONO), fontsize=9)
    document.save(tmp_path / "speech.pdf")
    doc = read_document(tmp_path / "speech.pdf", language="en")
    texts = [p.text for s in doc.sections for p in s.paragraphs]
    assert byline in texts, texts
    assert texts.count(" ".join(body)) == 3

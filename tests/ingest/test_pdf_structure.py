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

"""PDF sources: pictures become figures (caption translated, picture embedded in the editions), decoration
is listed as skipped, and tables are kept as rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.ingest import read_document
from tests.support.pdfs import CORPUS, NEEDS_CORPUS, NEEDS_SOFFICE, printed

CAPTION = "Figure 1: The harbour of the old town at dawn, seen from the lighthouse."


def _png(path: Path, colour: int = 180) -> Path:
    import pymupdf

    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 240, 160), False)
    pixmap.clear_with(colour)
    pixmap.save(path)
    return path


def _document_with_a_figure(path: Path) -> None:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_heading("The Harbour", level=1)
    document.add_paragraph("The town grew around its harbour, where the fishing boats came in every morning "
                           "and the market opened before the sun was up.")
    document.add_picture(str(_png(path.parent / "harbour.png")), width=Inches(3))
    document.add_paragraph(CAPTION, style="Caption")
    document.add_paragraph("After the war the harbour was rebuilt in stone, and the lighthouse was raised "
                           "by ten metres so that ships could see it from the open sea.")
    document.add_picture(str(_png(path.parent / "stone.png", 90)), width=Inches(2.5))  # no caption
    document.add_paragraph("The last paragraph tells what became of the market.")
    document.save(path)


def _project(tmp_path: Path, pdf: Path) -> Path:
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "book.pdf").write_bytes(pdf.read_bytes())
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--from", "en", "--to", "de",
                                       "--engine", "none", "-q"])
    assert result.exit_code == 0, result.output
    return project / "output"


def _epub_figures(path: Path) -> list[tuple[str, str, bytes]]:
    """(img src, figcaption text, picture bytes) of each <figure> in the EPUB's chapters."""
    import zipfile

    found = []
    with zipfile.ZipFile(path) as book:
        for name in sorted(n for n in book.namelist() if n.endswith(".xhtml")):
            tree = etree.fromstring(book.read(name))
            for figure in tree.iter("{http://www.w3.org/1999/xhtml}figure"):
                img = figure.find("{http://www.w3.org/1999/xhtml}img")
                caption = "".join(figure.itertext()).strip()
                src = str(Path(name).parent / img.get("src"))
                found.append((src, caption, book.read(src)))
    return found


@pytest.mark.slow
@NEEDS_SOFFICE
def test_a_picture_with_its_caption_printed_by_libreoffice_is_a_figure_in_the_editions(tmp_path):
    source = tmp_path / "harbour.docx"
    _document_with_a_figure(source)
    pdf = printed(source)
    doc = read_document(pdf, language="en")
    paragraphs = [p for s in doc.sections for p in s.paragraphs]
    figures = [p for p in paragraphs if p.role == "figure"]
    assert [p.text for p in figures] == [CAPTION, ""]  # the caption is the figure's text, to translate
    assert all(", picture " in p.anchor for p in figures)
    assert [p.text[:20] for p in paragraphs] == [  # each where it stands, the caption in no body paragraph
        "The town grew around", CAPTION[:20], "After the war the ha", "", "The last paragraph t"]
    output = _project(tmp_path, pdf)
    pictures = _epub_figures(output / "book.epub")
    assert [caption.startswith(CAPTION) for _, caption, _ in pictures] == [True, False]
    import pymupdf

    for (_, _, data), colour in zip(pictures, (180, 90)):  # the very pictures, each in its place
        pixmap = pymupdf.Pixmap(data)
        assert pixmap.pixel(pixmap.width // 2, pixmap.height // 2)[0] == colour
    import docx

    edition = docx.Document(output / "book.docx")
    body = edition.element.body
    drawings = body.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing")
    assert len(drawings) == 2
    texts = [p.text for p in edition.paragraphs]
    assert CAPTION in texts and texts.count("") >= 2
    review = docx.Document(output / "book.review.docx").element.body  # the captioned picture beside its caption
    assert len(review.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing")) == 1


@NEEDS_CORPUS
def test_alices_pictures_are_figures_and_its_ornaments_are_listed_as_skipped(tmp_path):
    doc = read_document(CORPUS / "pdf" / "alice-calibre.pdf", language="en")
    figures = [p for s in doc.sections for p in s.paragraphs if p.role == "figure"]
    assert len(figures) == 28  # the cover and the book's pictures, one of them drawn twice
    assert len({p.anchor.split("picture ")[1] for p in figures}) == 27
    skipped = [r.detail for r in doc.repairs if r.kind == "skipped"]
    assert skipped == ["page 2: picture (66×66 px) not carried over: an ornament (too small for a figure)"]
    output = _project(tmp_path, CORPUS / "pdf" / "alice-calibre.pdf")
    pictures = _epub_figures(output / "book.epub")
    assert len(pictures) == 28 and all(data[:3] == b"\xff\xd8\xff" for _, _, data in pictures)  # JPEG, as stored
    assert len({data for _, _, data in pictures}) == 26  # 27 objects: one drawn twice, two holding one JPEG


ROWS = [("Stall", "Fish", "Price"), ("North", "Herring", "2 crowns"),
        ("South", "Cod and haddock, fresh from the boats that came in at dawn", "5 crowns"), ("East", "Eel", "3 crowns")]


@pytest.mark.slow
@NEEDS_SOFFICE
def test_a_table_printed_by_libreoffice_is_kept_as_its_rows_and_glued_to_no_paragraph(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Prices", level=1)
    document.add_paragraph("The table below lists the prices of the market in the spring of the year, by stall "
                           "and by kind of fish sold there.")
    table = document.add_table(rows=len(ROWS), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("After the table the text goes on with a paragraph of its own, which must not take "
                           "in any cell.")
    document.save(tmp_path / "prices.docx")
    doc = read_document(printed(tmp_path / "prices.docx"), language="en")
    assert [p.text for s in doc.sections for p in s.paragraphs] == [
        "The table below lists the prices of the market in the spring of the year, by stall and by kind of fish "
        "sold there.",
        *(" | ".join(row) for row in ROWS),  # one paragraph a row, the cell that wrapped whole
        "After the table the text goes on with a paragraph of its own, which must not take in any cell."]
    output = _project(tmp_path, tmp_path / "prices.pdf")
    import docx as python_docx

    edition = [p.text for p in python_docx.Document(output / "book.docx").paragraphs]
    assert "North | Herring | 2 crowns" in edition

"""Outside judges: epubcheck on every EPUB layout, LibreOffice on both DOCX files.

These run Java and LibreOffice, so they are marked slow; they skip (saying why)
only where the tool is not installed. CI installs both.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.word.adapter import element_of
from pipeline.render import LAYOUTS, write_edition_docx, write_epub, write_review_docx
from tests.render.conftest import EPUBCHECK, nasty_edition

pytestmark = pytest.mark.slow

needs_epubcheck = pytest.mark.skipif(
    not (EPUBCHECK.exists() and shutil.which("java")),
    reason="epubcheck is not installed (apt-get install epubcheck)",
)
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
)


def epubcheck(path):
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True, timeout=120)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "0 fatals / 0 errors / 0 warnings" in report, report


@needs_epubcheck
@pytest.mark.parametrize("layout", LAYOUTS)
def test_epubcheck_passes_every_layout_without_errors_or_warnings(tmp_path, edition, layout):
    epubcheck(write_epub(edition, tmp_path / "speeches.epub", layout=layout))


@needs_epubcheck
@pytest.mark.parametrize("layout", ["interleaved", "side-by-side"])
def test_epubcheck_passes_a_source_full_of_markup_characters(tmp_path, layout):
    epubcheck(write_epub(nasty_edition(), tmp_path / "nasty.epub", layout=layout))


def to_pdf(path, tmp_path):
    out = tmp_path / "pdf"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=120,
    )
    pdf = out / (path.name.rsplit(".", 1)[0] + ".pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stdout + result.stderr
    return pdf


def pdf_text(pdf):
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_soffice
def test_libreoffice_converts_the_review_docx(tmp_path, edition):
    text = pdf_text(to_pdf(write_review_docx(edition, tmp_path / "speeches.review.docx"), tmp_path))
    if text is not None:
        for needle in ("坚持合作共赢", "Upholding Win-Win Cooperation", "p0005.2", "untranslated"):
            assert needle in text
        assert "⟦diglot|" not in text  # the row data stays hidden


@needs_soffice
@pytest.mark.parametrize("layout", ["interleaved", "side-by-side"])
def test_libreoffice_converts_the_edition_docx(tmp_path, edition, layout):
    text = pdf_text(to_pdf(write_edition_docx(edition, tmp_path / "speeches.docx", layout=layout), tmp_path))
    if text is not None:
        assert "共同发展" in text and "Cooperation is the only way forward." in text


@needs_soffice
def test_libreoffice_converts_a_review_docx_full_of_markup_characters(tmp_path):
    to_pdf(write_review_docx(nasty_edition(), tmp_path / "nasty.review.docx"), tmp_path)


@needs_soffice
def test_hidden_row_data_comments_and_marker_survive_a_libreoffice_save(tmp_path, edition):
    """A reviewer who saves in LibreOffice must not lose what the import matches rows by."""
    import docx
    from docx.oxml.ns import qn

    from pipeline.model import text_hash

    path = write_review_docx(edition, tmp_path / "speeches.review.docx")
    out = tmp_path / "saved"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    saved = docx.Document(str(out / path.name))
    assert saved.core_properties.keywords == "diglot-review"
    assert saved.paragraphs[0].text.startswith("⟦diglot-review|")
    hidden = {}
    for table in saved.tables:
        for row in table.rows[1:]:
            runs = row.cells[0].paragraphs[0].runs
            marks = [r for r in runs if element_of(r).rPr is not None and element_of(r).rPr.find(qn("w:vanish")) is not None]
            assert len(marks) == 1
            hidden[marks[0].text.split("|")[1]] = marks[0].text
    segment = next(s for s in edition.document.segments() if s.id == "p0005.1")
    target = edition.translations["p0005.1"].target
    assert hidden["p0005.1"] == f"⟦diglot|p0005.1|{text_hash(segment.text)}|{text_hash(target)}⟧"
    assert len(hidden) == sum(1 for _ in edition.document.segments())
    assert len(list(saved.comments)) == 2

"""PDF sources: real PDFs from real layout engines, read back against the structure they were made from.

The corpus PDFs (../shared/corpus/pdf, skipped when absent) were printed from
corpus files whose structure diglot reads already; the LibreOffice test prints
a Word document built here. Hostile PDFs are refused in one line, nothing written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import SourceError
from pipeline.ingest import read_document
from tests.support.pdfs import CORPUS, NEEDS_CORPUS, NEEDS_SOFFICE, body, printed, recovered


@NEEDS_CORPUS
def test_a_chinese_story_printed_by_a_word_processor_reads_as_its_text_file():
    text = read_document(CORPUS / "text" / "kuangren-riji-luxun-utf8-crlf.txt")
    pdf = read_document(CORPUS / "pdf" / "kuangren-riji-libreoffice.pdf")
    assert pdf.format == "pdf" and pdf.title.text == "狂人日记"
    assert [s.title.text if s.title else None for s in pdf.sections] == [
        s.title.text if s.title else None for s in text.sections]  # the preface, 一 … 十三, 注释
    assert recovered(body(text), body(pdf)) >= 0.98
    assert all(p.anchor.startswith("page ") and p.line == 0 for s in pdf.sections for p in s.paragraphs)
    assert all(p.role == "note" for p in pdf.sections[-1].paragraphs)


@NEEDS_CORPUS
def test_a_book_printed_by_an_ebook_converter_drops_its_running_headers_and_page_numbers():
    epub = read_document(CORPUS / "epub" / "epubjs-alice.epub", language="en")
    pdf = read_document(CORPUS / "pdf" / "alice-calibre.pdf", language="en")
    chapters = [s.title.text for s in epub.sections[4:]]  # after the cover, contents, title and copyright pages
    assert len(chapters) == 10
    titles = [s.title.text for s in pdf.sections if s.title]
    assert [t for t in titles if t in chapters] == chapters  # every chapter heading, in order
    expected = [p for p in body(epub) if not re.fullmatch(r"Illo\d+|[A-Z][\w' ,.?-]*", p)]  # figures, TOC entries
    assert recovered(expected, body(pdf)) >= 0.95
    text = "\n".join(body(pdf))
    assert "Alice's Adventures in Wonderland —" not in text  # the running header
    assert not any(re.fullmatch(r"\d+", p) for p in body(pdf))  # page numbers alone
    assert "Alice was beginning to get very tired" in text  # the drop cap back at the start of its word
    dropped = [r.detail for r in pdf.repairs if r.kind == "dropped"]
    assert any("running header dropped" in d for d in dropped) and any("page number dropped" in d for d in dropped)


@NEEDS_CORPUS
def test_a_word_document_with_a_list_printed_by_libreoffice():
    docx = read_document(CORPUS / "docx" / "poi-delins.docx", language="en")
    pdf = read_document(CORPUS / "pdf" / "poi-delins-libreoffice.pdf", language="en")
    items = [p for p in body(docx) if p.startswith("A ")]
    assert items and all(p in body(pdf) for p in items)  # each item its own paragraph, the bullet not in it



def _word_document(path: Path) -> None:
    """Headings, paragraphs, a running header and a page number, Chinese and English, three pages."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "Quarterly Report of the Society — "
    footer = document.sections[0].footer.paragraphs[0]
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
    document.add_heading("Quarterly Report", level=0)
    for chapter in range(1, 4):
        document.add_heading(f"Part {chapter}: The Work of the Year", level=1)
        for n in range(1, 7):
            document.add_paragraph(
                f"Paragraph {n} of part {chapter} tells what the society did in its {n}th month of work, "
                "how the members met every week, wrote to each other about the texts they translate, and "
                "checked each sentence twice before it went to print. It ends here.")
        document.add_paragraph("我们要坚持改革开放，推动高质量发展。这一段是中文，它在印刷时会换行，但仍然是一个段落，"
                               "读回来时不能在行与行之间多出空格。")

        document.add_page_break()
    document.save(path)


@pytest.mark.slow
@NEEDS_SOFFICE
def test_a_word_document_printed_by_libreoffice_comes_back_whole(tmp_path):
    source = tmp_path / "report.docx"
    _word_document(source)
    original = read_document(source, language="en")
    pdf = read_document(printed(source), language="en")
    assert pdf.title.text == "Quarterly Report"
    assert [s.title.text for s in pdf.sections] == [f"Part {n}: The Work of the Year" for n in (1, 2, 3)]
    assert recovered(body(original), body(pdf)) == 1.0
    assert len(body(pdf)) == len(body(original))  # nothing left over: no header, footer or page number
    dropped = [r.detail for r in pdf.repairs if r.kind == "dropped"]
    assert any("running header" in d for d in dropped) and any("page number" in d for d in dropped)


# -- hostile PDFs ---------------------------------------------------------------------------


def _encrypted(path: Path) -> None:
    import pymupdf

    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "A secret sentence to translate.")
    document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")


def _scanned(path: Path) -> None:
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    pixmap.clear_with(200)
    page.insert_image(page.rect, pixmap=pixmap)
    document.save(path)


def _truncated(path: Path) -> None:
    import pymupdf

    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "A sentence to translate.")
    data = document.tobytes()
    path.write_bytes(data[: len(data) // 3])


def _bomb(path: Path, inflated: int = 3 * 1024 * 1024) -> None:
    """A page whose content stream is ``inflated`` bytes of text operators and blank space, FlateDecode:
    a few kilobytes on disk."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "A sentence to translate.")
    xref = page.get_contents()[0]
    head = document.xref_stream(xref)
    document.update_stream(xref, head + b" " * (inflated - len(head)), compress=True)
    document.save(path, garbage=0, deflate=False)
    assert path.stat().st_size < 40_000


def _not_a_pdf(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is a zip, not a PDF" * 20)


@pytest.mark.parametrize("make, says", [
    (_encrypted, "is an encrypted PDF; decrypt it first"),
    (_scanned, "has no text layer (a scan?); run OCR on it first"),
    (_truncated, "is a damaged PDF"),
    (_not_a_pdf, "is a damaged PDF"),
    (_bomb, "is refused: object 6 inflates more than 100 times its stored size"),
])
def test_hostile_pdfs_are_one_line_exit_1_and_nothing_written(tmp_path, make, says):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    make(project / "source" / "book.pdf")
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--from", "en", "--to", "zh",
                                       "--engine", "none", "-q"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and says in lines[0] and "book.pdf" in lines[0], result.output
    assert "Traceback" not in result.output
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_a_pdf_whose_content_inflates_past_the_part_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from pipeline import archive

    monkeypatch.setattr(archive, "MAX_PART_BYTES", 256 * 1024)  # scaled down from 256 MB
    monkeypatch.setattr(archive, "MAX_RATIO", 10_000)  # so that only the size counts
    _bomb(tmp_path / "book.pdf", inflated=300 * 1024)
    with pytest.raises(SourceError, match=r"is refused: object \d+ inflates to more than 262144 bytes; this is not a PDF"):
        read_document(tmp_path / "book.pdf", language="en")
    _bomb(tmp_path / "small.pdf", inflated=200 * 1024)  # under the limit: read
    assert read_document(tmp_path / "small.pdf", language="en").sections[0].paragraphs[0].text == (
        "A sentence to translate.")
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 300 * 1024)  # two pages of 200 KB each: past it in all
    import pymupdf

    two = pymupdf.open(tmp_path / "small.pdf")
    two.insert_pdf(pymupdf.open(tmp_path / "small.pdf"))
    two.save(tmp_path / "two.pdf")
    with pytest.raises(SourceError, match="its objects inflate to more than 307200 bytes in all"):
        read_document(tmp_path / "two.pdf", language="en")


def test_a_large_flat_picture_is_no_bomb(tmp_path, monkeypatch):
    """A picture of one colour packs far more than 100 times, rightly: only the size limits hold for it."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "A page with a large blank picture under this sentence to translate.")
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 1000, 1000), False)
    pixmap.clear_with(255)
    page.insert_image(pymupdf.Rect(72, 100, 400, 400), pixmap=pixmap)
    document.save(tmp_path / "flat.pdf", deflate=True)
    doc = read_document(tmp_path / "flat.pdf", language="en")
    assert doc.sections[0].paragraphs[0].text.startswith("A page with a large blank picture")


def test_segment_lists_a_pdfs_paragraphs_by_page_and_what_it_dropped(tmp_path):
    import pymupdf

    document = pymupdf.open()
    for number in range(1, 5):
        page = document.new_page()
        page.insert_text((72, 40), "The Society Quarterly", fontsize=9)
        page.insert_text((72, 100), f"Chapter {number}", fontsize=20)
        page.insert_text((72, 140), f"This is the one paragraph of chapter {number}.", fontsize=11)
        page.insert_text((300, 800), str(number), fontsize=9)
        if number == 2:  # a web link over the words "one paragraph"
            words = [w for w in page.get_text("words") if w[4] in ("one", "paragraph")]
            box = pymupdf.Rect(words[0][:4]) | pymupdf.Rect(words[1][:4])
            page.insert_link({"kind": pymupdf.LINK_URI, "from": box, "uri": "https://example.org/chapter-2"})
    path = tmp_path / "quarterly.pdf"
    document.save(path)
    result = CliRunner().invoke(main, ["segment", str(path), "--from", "en"])
    assert result.exit_code == 0, result.output
    assert "(page 3)" in result.output and "This is the one paragraph of chapter 3." in result.output
    assert "page 2: running header dropped: 'The Society Quarterly'" in result.output
    assert "page 4: page number dropped: '4'" in result.output
    doc = read_document(path, language="en")
    assert [s.title.text for s in doc.sections] == [f"Chapter {n}" for n in range(1, 5)]
    (paragraph,) = doc.sections[1].paragraphs
    assert [(paragraph.text[m.start:m.end], m.href) for m in paragraph.marks if m.kind == "link"] == [
        ("one paragraph", "https://example.org/chapter-2")]


def test_a_pdf_source_that_does_not_exist_says_so(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_document(tmp_path / "missing.pdf", language="en")


@pytest.mark.slow
@NEEDS_CORPUS
@NEEDS_SOFFICE
def test_footnotes_and_endnotes_printed_by_libreoffice_are_linked_notes_as_in_the_word_file(tmp_path):
    source = tmp_path / "notes.docx"
    source.write_bytes((CORPUS / "docx" / "pandoc-notes.docx").read_bytes())
    word = read_document(source, language="en")
    pdf = read_document(printed(source), language="en")
    assert [(n.id, n.text) for n in pdf.notes] == [(n.id, n.text) for n in word.notes]  # footnote, then endnote
    (paragraph,) = pdf.sections[0].paragraphs
    assert paragraph.text == "Test footnote. Test endnote."  # the reference numbers left the text ...
    assert [(m.kind, m.start, m.href) for m in paragraph.marks if m.kind == "footnote"] == [
        ("footnote", 14, pdf.notes[0].id), ("footnote", 28, pdf.notes[1].id)]  # ... and became the links

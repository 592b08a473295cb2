"""PDF sources beyond the tests: diglot against a rule-based PDF-to-Markdown converter, same files, same scoring.

The PDFs are made here, by real layout engines, from documents whose structure
is known (none of them is a PDF the tests read):

- e-books printed by calibre with running headers and page numbers
  (``ebook-convert book.epub book.pdf --pdf-page-numbers
  --pdf-header-template '<p>_TITLE_</p>'``), the truth being diglot's reading
  of the EPUB, less the pictures' alt texts (not printed), and with each
  numbered list item's number as the print shows it (``12. Chamisso, …``:
  in the EPUB the number is the ``<ol>``'s, not text);
- Word documents with footnotes, lists and tables printed by LibreOffice (the
  corpus DOCX files, and a report built here with a table, a running header
  and page numbers), the truth being diglot's reading of the DOCX;
- the Chinese compilation (../shared/corpus/text) set as a Word document with
  a page header and page numbers and printed by LibreOffice, the truth being
  its ``.structure.json``.

Scores, for diglot (``read_document``) and for pymupdf4llm's ``to_markdown``
(blocks between blank lines, Markdown marks taken off; skipped when it is not
installed: ``.venv/bin/python -m pip install pymupdf4llm``):

- body: the share of the truth's body paragraphs (and notes) found exactly
  (NFKC, quotes and white space evened out) among the paragraphs read;
- headings: the share of the truth's section headings found exactly among
  the headings read (diglot: the title and the sections' titles;
  the converter: its ``#`` lines);
- furniture: the lines printed in the top and bottom 8 % of the pages
  (running headers and footers, page numbers) found in the text read (a short
  one as a whole paragraph, a longer one anywhere in one), beyond the times
  the same line is printed elsewhere on a page as text.

Run: .venv/bin/python bench/pdf_vs_converter.py [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
REPORT_HEADER = "Annual Report of the Harbour Society"
COMPILATION_HEADER = "世界互联网大会发言摘编"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("“”‘’", "\"\"''"))
    text = " ".join(text.split())
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


class Truth:
    def __init__(self, body: list[str], headings: list[str]):
        self.body = [norm(t) for t in body if norm(t)]
        self.headings = [norm(t) for t in headings if norm(t)]


def truth_of_document(doc) -> Truth:
    body = [p.text for s in doc.sections for p in s.paragraphs if p.role != "figure"] + [n.text for n in doc.notes]
    return Truth(body, [s.title.text for s in doc.sections if s.title])


def truth_of_structure(path: Path) -> Truth:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Truth([p for s in data["sections"] for p in s["paragraphs"]], [s["title"] for s in data["sections"]])


def _by_rows(truth: Truth, path: Path) -> Truth:
    """A Word file's tables as their rows (cells joined by " | "), as both readers give them from a PDF;
    the DOCX reader gives them cell by cell."""
    import docx

    rows, cells = [], set()
    for table in docx.Document(path).tables:
        for row in table.rows:
            texts = [norm(cell.text) for cell in row.cells if norm(cell.text)]
            rows.append(" | ".join(dict.fromkeys(texts)))  # a merged cell once
            cells.update(texts)
    truth.body = [p for p in truth.body if p not in cells] + [r for r in rows if r]
    return truth


def _alt_texts(epub: Path) -> set[str]:
    import zipfile

    with zipfile.ZipFile(epub) as book:
        return {norm(alt) for name in book.namelist() if name.endswith((".xhtml", ".html", ".htm"))
                for alt in re.findall(r'<img[^>]*\salt="([^"]*)"', book.read(name).decode("utf-8", "replace"))}


def _numbered_items(epub: Path) -> dict[str, str]:
    """Each item of a numbered list (``<ol>``) as a browser prints it: ``12. Chamisso, …``.

    diglot's EPUB reading holds the item without its number, because the number is the list's markup
    (the EPUB edition keeps the ``<ol>``); a print of the book shows it as text, and diglot's Document
    has no list numbering, so a source read from a print keeps it in the text, as a Markdown source's
    ``1.`` does. Lists the book's stylesheet prints without numbers (``list-style: none``) are left as
    they are."""
    import zipfile

    from lxml import etree

    items: dict[str, str] = {}
    with zipfile.ZipFile(epub) as book:
        css = {name: book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".css")}
        for name in book.namelist():
            if not name.endswith((".xhtml", ".html", ".htm")):
                continue
            page = book.read(name)
            linked = re.findall(rb'<link[^>]*href="([^"]+\.css)"', page)
            if any(re.search(r"list-style(?:-type)?\s*:\s*none", text) for sheet, text in css.items()
                   if any(sheet.endswith(href.decode().rsplit("/", 1)[-1]) for href in linked)):
                continue
            root = etree.fromstring(page, etree.XMLParser(recover=True))
            for ol in root.iter("{*}ol"):
                start = int(ol.get("start", "1")) if ol.get("start", "1").isdigit() else 1
                lis = [li for li in ol if etree.QName(li).localname == "li"]
                for n, li in enumerate(lis, start=start):
                    text = norm("".join(li.itertext()))
                    if text and not any(etree.QName(el).localname in ("ol", "ul") for el in li.iter("{*}*")):
                        items[text] = f"{n}. {text}"
    return items


# -- making the PDFs ------------------------------------------------------------------------


def calibre(epub: Path, folder: Path) -> Path:
    out = folder / (epub.stem + ".pdf")
    if not out.exists():
        import os

        env = {**os.environ, "QTWEBENGINE_DISABLE_SANDBOX": "1"}  # calibre's web engine, where run as root
        subprocess.run(["ebook-convert", str(epub), str(out), "--pdf-page-numbers",
                        "--pdf-header-template", "<p>_TITLE_</p>"], check=True, capture_output=True, timeout=600,
                       env=env)
    return out


def libreoffice(docx: Path, folder: Path) -> Path:
    out = folder / (docx.stem + ".pdf")
    if not out.exists():
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                        "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=600)
    return out


def _page_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = text
        run._r.append(element)


def report_docx(path: Path) -> Path:
    """A report with headings, a table, a running header and page numbers, over several pages."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = REPORT_HEADER
    _page_field(document.sections[0].footer.paragraphs[0])
    document.add_heading("The Year in the Harbour", level=0)
    for part, topic in enumerate(("boats", "market", "lighthouse", "school"), start=1):
        document.add_heading(f"{part}. The {topic}", level=1)
        for n in range(1, 6):
            document.add_paragraph(
                f"In the {n}th month the society looked at the {topic} again: who worked there, what they were "
                f"paid, and how the work changed when the new quay was opened in the spring of that year. The "
                f"notes of the members were read aloud and kept with the minutes of meeting {part * 10 + n}.")
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        for r, row in enumerate((("Month", "Visitors", "Remarks"), ("March", "1,200", f"The {topic} opened"),
                                 ("April", "1,450", "Rain for most of the month"))):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph(f"The table above gives the visitors to the {topic} in the spring months.")
    document.save(path)
    return path


def compilation_docx(structure: Path, path: Path) -> Path:
    """The Chinese compilation set as a Word document: title, speeches with their bylines, page header."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    data = json.loads(structure.read_text(encoding="utf-8"))
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = COMPILATION_HEADER
    _page_field(document.sections[0].footer.paragraphs[0])
    document.add_heading(data["title"], level=0)
    if data.get("subtitle"):
        document.add_paragraph(data["subtitle"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in data["sections"]:
        document.add_heading(section["title"], level=1)
        if section.get("byline"):
            document.add_paragraph(section["byline"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for text in section["paragraphs"]:
            document.add_paragraph(text)
    document.save(path)
    return path


# -- reading and scoring --------------------------------------------------------------------


def read_by_diglot(pdf: Path, language: str) -> tuple[list[str], list[str], int]:
    """(paragraphs, headings, how many of the last headings are outside the text's flow)."""
    from pipeline.ingest import read_document

    doc = read_document(pdf, language=language)
    paragraphs = [p.text for s in doc.sections for p in s.paragraphs] + [n.text for n in doc.notes]
    headings = [s.title.text for s in doc.sections if s.title]
    title = [doc.title.text] if doc.title else []  # the book's title page (first page or metadata): not the flow
    return [norm(t) for t in paragraphs], [norm(t) for t in headings + title], len(title)


_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


_TABLE_RULE = re.compile(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")


def read_by_converter(pdf: Path) -> tuple[list[str], list[str], int]:
    import pymupdf4llm

    markdown = pymupdf4llm.to_markdown(str(pdf), show_progress=False)
    paragraphs, headings = [], []
    for block in re.split(r"\n\s*\n", markdown):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip() and line.strip() != "-----"]
        if not lines:
            continue
        if lines[0].startswith("#") and len(lines) == 1:
            headings.append(norm(_plain(lines[0].lstrip("#"))))
            continue
        if all(line.startswith("|") for line in lines):  # a Markdown table: a row a paragraph, as diglot gives
            paragraphs.extend(norm(" | ".join(cell.strip() for cell in _plain(line).strip("|").split("|")))
                              for line in lines if not _TABLE_RULE.fullmatch(line))
            continue
        paragraphs.append(norm(_plain(" ".join(lines))))
    return paragraphs, headings, 0


def _plain(text: str) -> str:
    return _MARKS.sub("", _LINK.sub(r"\1", text)).strip()


def printed_furniture(pdf: Path) -> tuple[Counter, Counter]:
    """The lines printed in the top and bottom 8 % of the pages (running headers, footers, page numbers)
    and how often each of them is printed elsewhere on a page too (as text, not furniture)."""
    import pymupdf

    band, elsewhere = Counter(), Counter()
    with pymupdf.open(pdf) as document:
        for page in document:
            height = page.rect.height
            for block in page.get_text("dict", flags=0)["blocks"]:
                for line in block.get("lines", ()):
                    text = norm("".join(span["text"] for span in line["spans"]))
                    if not text:
                        continue
                    x0, y0, x1, y1 = line["bbox"]
                    (band if y1 <= 0.08 * height or y0 >= 0.92 * height else elsewhere)[text] += 1
    return band, elsewhere


def score(truth: Truth, paragraphs: list[str], headings: list[str], outside: int,
          furniture: tuple[Counter, Counter]) -> tuple[float, float, int]:
    found = set(paragraphs)
    body = sum(1 for p in truth.body if p in found) / max(1, len(truth.body))
    named = set(headings)
    heads = sum(1 for h in truth.headings if h in named) / max(1, len(truth.headings))
    band, elsewhere = furniture
    read = paragraphs + headings[:len(headings) - outside]
    left = 0
    for line in band:  # each furniture line read into the text, beyond the times it is printed as text
        if len(line) <= 8:
            seen = sum(1 for p in read if p == line)
        else:
            seen = sum(p.count(line) for p in read)
        left += max(0, seen - elsewhere[line])
    return body, heads, left


def cases(folder: Path):
    """(name, PDF, language, Truth) for each file of the comparison."""
    from pipeline.ingest import read_document

    for name in ("epubjs-alice", "idpf-childrens-literature"):
        epub = CORPUS / "epub" / f"{name}.epub"
        doc = read_document(epub, language="en")
        truth = truth_of_document(doc)
        truth.body = [p for p in truth.body if p not in _alt_texts(epub)]  # not printed: a picture's alt text
        numbered = _numbered_items(epub)
        truth.body = [numbered.get(p, p) for p in truth.body]  # printed with its number
        yield f"calibre: {name}", calibre(epub, folder), "en", truth
    for name in ("pandoc-notes", "poi-delins", "python-docx-par-rendered-page-breaks"):
        docx = folder / f"{name}.docx"
        shutil.copyfile(CORPUS / "docx" / f"{name}.docx", docx)
        yield f"LibreOffice: {name}", libreoffice(docx, folder), "en", _by_rows(truth_of_document(
            read_document(docx, language="en")), docx)
    report = report_docx(folder / "harbour-report.docx")
    yield "LibreOffice: report with tables", libreoffice(report, folder), "en", _by_rows(truth_of_document(
        read_document(report, language="en")), report)
    structure = CORPUS / "text" / "wic-speeches-compilation.structure.json"
    docx = compilation_docx(structure, folder / "wic-compilation.docx")
    yield "LibreOffice: Chinese compilation", libreoffice(docx, folder), "zh", truth_of_structure(structure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="make the PDFs in this folder and keep them (reused next time)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit("needs ../shared/corpus")
    try:
        import pymupdf

        pymupdf.no_recommend_layout()  # its advertisement, printed on stdout
        import pymupdf4llm  # noqa: F401
        converter = True
    except ImportError:
        converter = False
        print("pymupdf4llm is not installed: diglot alone")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    totals: dict[str, list[float]] = {"diglot": [0, 0, 0, 0, 0], "pymupdf4llm": [0, 0, 0, 0, 0]}
    print(f"{'file':42} {'reader':12} {'body':>7} {'headings':>9} {'furniture':>10} {'seconds':>8}")
    for name, pdf, language, truth in cases(folder):
        furniture = printed_furniture(pdf)
        readers = [("diglot", lambda: read_by_diglot(pdf, language))]
        if converter:
            readers.append(("pymupdf4llm", lambda: read_by_converter(pdf)))
        for reader, read in readers:
            start = time.perf_counter()
            paragraphs, headings, outside = read()
            seconds = time.perf_counter() - start
            body, heads, left = score(truth, paragraphs, headings, outside, furniture)
            total = totals[reader]
            total[0] += body * len(truth.body)
            total[1] += len(truth.body)
            total[2] += heads * len(truth.headings)
            total[3] += len(truth.headings)
            total[4] += left
            shown = f"{heads:9.1%}" if truth.headings else f"{'(none)':>9}"
            print(f"{name[:42]:42} {reader:12} {body:7.1%} {shown} {left:10d} {seconds:8.2f}")
    print()
    for reader, (found, body, named, heads, left) in totals.items():
        if body:
            print(f"{'all (paragraphs and headings pooled)':42} {reader:12} {found / body:7.1%} "
                  f"{named / max(1, heads):9.1%} {int(left):10d}   ({int(body)} paragraphs, {int(heads)} headings)")
    print(f"targets: body >= 98 %, headings >= 95 %, furniture 0   (PDFs in {folder})")


if __name__ == "__main__":
    main()

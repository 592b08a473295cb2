"""Speed of reading a PDF source, as a ratio to reading the same book as EPUB.

Alice (../shared/corpus: the EPUB and calibre's 52-page print of it) is read
both ways; then the print repeated six times (312 pages, made here with
PyMuPDF) is read, against the target of a 300-page book in under 10 s.
Times are CPU seconds of this process (time.process_time), best of 3.

Run: .venv/bin/python bench/pdf_speed.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def best(action, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    import pymupdf

    from pipeline.ingest import read_document

    epub, pdf = CORPUS / "epub" / "epubjs-alice.epub", CORPUS / "pdf" / "alice-calibre.pdf"
    if not pdf.is_file():
        sys.exit("needs ../shared/corpus (the Alice EPUB and PDF)")
    as_epub = best(lambda: read_document(epub, language="en"))
    as_pdf = best(lambda: read_document(pdf, language="en"))
    print(f"Alice as EPUB:            {as_epub * 1000:8.0f} ms")
    print(f"Alice as PDF (52 pages):  {as_pdf * 1000:8.0f} ms  ({as_pdf / as_epub:.1f}x the EPUB)")
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "long.pdf"
        source = pymupdf.open(pdf)
        long = pymupdf.open()
        for _ in range(6):
            long.insert_pdf(source)
        long.set_metadata(source.metadata)
        long.save(book)
        pages = long.page_count
        seconds = best(lambda: read_document(book, language="en"), runs=2)
    print(f"{pages} pages:                {seconds:8.2f} s   ({seconds / (6 * as_epub):.1f}x six EPUBs)")
    print(f"target: a 300-page book in < 10 s -> {'met' if seconds * 300 / pages < 10 else 'MISSED'}")


if __name__ == "__main__":
    main()

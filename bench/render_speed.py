"""How fast the renderers are: 10,000 segments to each format.

Prints seconds and peak Python memory (tracemalloc, measured in a second run so
that tracing does not inflate the times) per format, against the targets
(review DOCX < 5 s, EPUB < 2 s), and two ratios:

- each format against writing the same texts to a plain .txt file;
- the review table built our way against python-docx's naive ``table.cell(i, j)``
  loop, on about 150 rows (the naive loop is quadratic: 1,000 rows take minutes, 10,000 hours).

The book EPUB (an EPUB source written back bilingual): a generated
1,000,000-character EPUB read, segmented and written with the ``none`` engine
(target: under 5 s and 1 GB peak resident memory), against copying the same
archive member by member; and the same book with every segment translated.

Run: .venv/bin/python bench/render_speed.py [SEGMENTS]   (--book: the book EPUB only)
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from pipeline.model import (
    Byline, Document, Edition, Paragraph, Provenance, Section, Segment, Term, TermCheck, TermHit, Translation,
)
from pipeline.render import write_edition_docx, write_epub, write_review_docx

ZH = ["我们要坚持改革开放，推动高质量发展。", "中国愿同各国一道，加强合作，共同应对挑战。",
      "一是扩大开放；二是深化改革；三是促进创新。", "2024年9月，论坛在北京举行，来自120个国家的代表出席。"]
EN = ["We must persist in reform and opening up and promote high-quality development.",
      "China is willing to work with all countries to strengthen cooperation and meet challenges together.",
      "First, expand opening up; second, deepen reform; third, promote innovation.",
      "In September 2024 the forum was held in Beijing, attended by delegates from 120 countries."]
TERM = Term(source="合作", target="cooperation")


def big_edition(segments: int, paragraphs: int = 30) -> Edition:
    translations: dict[str, Translation] = {}
    sections, made, n = [], 0, 0

    def para(role: str, count: int) -> Paragraph:
        nonlocal made, n
        n += 1
        pid, segs, start = f"p{n:06d}", [], 0
        for k in range(count):
            i = made % len(ZH)
            sid = f"{pid}.{k + 1}"
            segs.append(Segment(sid, ZH[i], start))
            start += len(ZH[i])
            checks = ()
            if i == 1:
                at = ZH[i].find("合作")
                status = "missing" if made % 10 == 1 else "model"  # one row in ten gets a comment
                checks = (TermCheck(TermHit(TERM, sid, at, at + 2), status),)
            if made % 50 != 7:  # a few untranslated
                translations[sid] = Translation(sid, ZH[i], EN[i], "machine", checks)
            made += 1
        return Paragraph(pid, "".join(s.text for s in segs), tuple(segs), role)

    while made < segments:
        head = para("heading", 1)
        byline = Byline(para("byline", 1), "外交部部长", "王明")
        body = tuple(para("body", 3) for _ in range(paragraphs))
        sections.append(Section(f"s{len(sections) + 1:03d}", head, byline, body))
    doc = Document("bench", "zh", para("title", 1), None, tuple(sections))
    return Edition(doc, "zh", "en", translations, Provenance("argos", "translate-zh_en", "1.9"),
                   "2026-11-28T08:00:00Z")


def plain_text(edition: Edition, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for seg in edition.document.segments():
            t = edition.translations.get(seg.id)
            fh.write(f"{seg.id}\t{seg.text}\t{t.target if t else ''}\n")


def measure(fn, *args) -> tuple[float, float]:
    start = time.perf_counter()
    fn(*args)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def naive_table(rows: list[tuple[str, ...]], path: Path) -> None:
    import docx

    doc = docx.Document()
    table = doc.add_table(rows=len(rows) + 1, cols=6)
    for i, row in enumerate(rows, 1):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    doc.save(str(path))


WORDS = ("river stone bridge morning keeper rope bread salt water night fog boat light road house window door "
         "garden letter mother father child sister friend winter summer evening silence voice question answer "
         "story village market").split()


def million_character_book(path: Path, characters: int = 1_000_000) -> Path:
    """An EPUB 3 of chapters of varied English paragraphs, ``characters`` of text in all."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the EPUB builder of the test suite
    from tests.support.epubs import make_epub

    rng = random.Random(7)
    chapters, total, n = [], 0, 0
    while total < characters:
        n += 1
        paragraphs = []
        for _ in range(60):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                words = rng.choices(WORDS, k=rng.randint(6, 18))
                sentences.append(" ".join(words).capitalize() + rng.choice([".", ".", "!", "?"]))
            text = " ".join(sentences)
            total += len(text)
            paragraphs.append(f"<p>{text[:20]}<em>{text[20:40]}</em>{text[40:]}</p>")
        chapters.append((f"chapter{n:03d}.xhtml", f"<h1>Chapter {n}</h1>\n" + "\n".join(paragraphs)))
    return make_epub(path, chapters, title="A Million Characters")


def book_bench() -> None:
    import resource
    import zipfile
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        source = million_character_book(out / "million.epub")

        def copy() -> None:
            with zipfile.ZipFile(source) as a, zipfile.ZipFile(out / "copy.epub", "w", zipfile.ZIP_DEFLATED) as b:
                for name in a.namelist():
                    b.writestr(name, a.read(name))

        def read_and_write(translate: bool) -> Edition:
            doc = segment_document(read_document(source, language="en"))
            translations = {s.id: Translation(s.id, s.text, s.text.upper() if translate else "",
                                              "machine" if translate else "untranslated") for s in doc.segments()}
            edition = Edition(doc, "en", "zh", translations, Provenance("none"), "2026-11-28T08:00:00Z")
            write_epub(edition, out / "book.epub")
            return edition

        start = time.perf_counter()
        copy()
        base = time.perf_counter() - start
        start = time.perf_counter()
        edition = read_and_write(False)
        none_seconds = time.perf_counter() - start
        chars = sum(len(p.text) for p in edition.document.blocks())
        segments = sum(1 for _ in edition.document.segments())
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        read_and_write(True)
        full = time.perf_counter() - start
        rss_full = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        verdict = "ok" if none_seconds < 5 and rss < 1024 else "MISS"
        print(f"book EPUB: {chars:,} characters, {segments:,} segments; copying the archive {base:.2f} s")
        print(f"  read + segment + write, engine none: {none_seconds:.2f} s ({none_seconds / base:.0f}x copy), "
              f"peak RSS {rss:.0f} MiB  [target < 5 s, < 1 GB: {verdict}]")
        print(f"  the same with every segment translated: {full:.2f} s ({full / base:.0f}x copy), "
              f"peak RSS {rss_full:.0f} MiB")


def main() -> None:
    if "--book" in sys.argv:
        book_bench()
        return
    segments = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    edition = big_edition(segments)
    total = sum(1 for _ in edition.document.segments())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base, _ = measure(plain_text, edition, out / "bench.txt")
        print(f"{total} segments, {len(edition.document.sections)} sections; plain .txt baseline {base:.3f} s")
        print(f"{'format':<22}{'seconds':>9}{'peak MiB':>10}{'target':>9}{'x txt':>9}  size")
        for label, fn, path, target in (
            ("review DOCX", write_review_docx, out / "bench.review.docx", 5.0),
            ("edition DOCX", write_edition_docx, out / "bench.docx", None),
            ("EPUB interleaved", write_epub, out / "bench.epub", 2.0),
            ("EPUB side-by-side", lambda e, p: write_epub(e, p, layout="side-by-side"), out / "sbs.epub", 2.0),
        ):
            seconds, peak = measure(fn, edition, path)
            verdict = "" if target is None else (f"<{target:g} ok" if seconds < target else f"<{target:g} MISS")
            print(f"{label:<22}{seconds:>9.2f}{peak:>10.1f}{verdict:>9}{seconds / base:>9.0f}  "
                  f"{path.stat().st_size / 2**20:.1f} MiB")

        small = big_edition(150, paragraphs=5)
        rows = [(s.id, s.text, small.translations[s.id].target if s.id in small.translations else "",
                 "machine", "", "") for s in small.document.segments()]
        ours, _ = measure(write_review_docx, small, out / "small.review.docx")
        start = time.perf_counter()
        naive_table(rows, out / "naive.docx")
        naive = time.perf_counter() - start
        print(f"{len(rows)} rows: review DOCX {ours:.2f} s vs naive table.cell(i, j) {naive:.2f} s "
              f"-> {naive / ours:.0f}x faster (and the naive one has no headings, hashes, fonts or comments)")
    book_bench()


if __name__ == "__main__":
    main()

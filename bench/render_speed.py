"""How fast the renderers are: 10,000 segments to each format.

Prints seconds and peak Python memory (tracemalloc, measured in a second run so
that tracing does not inflate the times) per format, against the targets
(review DOCX < 5 s, EPUB < 2 s), and two ratios:

- each format against writing the same texts to a plain .txt file;
- the review table built our way against python-docx's naive ``table.cell(i, j)``
  loop, on about 150 rows (the naive loop is quadratic: 1,000 rows take minutes, 10,000 hours).

Run: .venv/bin/python bench/render_speed.py [SEGMENTS]
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


def main() -> None:
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


if __name__ == "__main__":
    main()

"""Speed of ingest + segmentation on a generated 1,000,000-character Chinese text.

Target: the whole text read (from a file: decode, structure, repair) and
segmented in under one second on one core. The baseline is a plain
``str.split('。')`` over the same text, measured here too, so the ratio says
how much the real rules cost over the cheapest possible pass.

Run: .venv/bin/python bench/segment_speed.py [CHARS]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import read_document  # noqa: E402
from pipeline.segment import segment_document, split_sentences  # noqa: E402

TARGET_SECONDS = 1.0


def generate(chars: int, seed: int = 0) -> str:
    """A compilation-shaped text of about ``chars`` characters from the sample's sentences."""
    sample = read_document(ROOT / "source" / "sample.txt")
    sentences = [s for p in sample.blocks() if p.role == "body" for s in split_sentences(p.text, "zh")]
    rng = random.Random(seed)
    lines = ["携手共建绿色未来", "——演讲选编（基准测试）", ""]
    size = sum(len(line) + 1 for line in lines)
    speech = 0
    while size < chars:
        speech += 1
        header = [f"第{speech}篇演讲的标题", f"某部部长、某会主席 张{speech}", ""]
        lines += header
        size += sum(len(line) + 1 for line in header)
        for _ in range(rng.randint(5, 8)):
            paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
            lines += ["\u3000\u3000" + paragraph, ""]
            size += len(paragraph) + 4
    return "\n".join(lines)


def best_of(runs: int, fn):
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    chars = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    text = generate(chars)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.txt"
        path.write_text(text, encoding="utf-8")

        baseline, pieces = best_of(5, lambda: text.split("。"))
        read_s, doc = best_of(3, lambda: read_document(path))
        seg_s, segmented = best_of(3, lambda: segment_document(doc))
        total_s, _ = best_of(3, lambda: segment_document(read_document(path)))

    segments = sum(len(p.segments) for p in segmented.blocks())
    paragraphs = sum(1 for _ in segmented.blocks())
    print(f"text: {len(text):,} characters, {paragraphs:,} paragraphs, {segments:,} segments "
          f"({len(pieces):,} pieces from str.split('。'))")
    print(f"baseline str.split('。'):   {baseline * 1000:8.1f} ms  {len(text) / baseline:14,.0f} chars/s")
    print(f"read_document (file):       {read_s * 1000:8.1f} ms  {len(text) / read_s:14,.0f} chars/s")
    print(f"segment_document:           {seg_s * 1000:8.1f} ms  {len(text) / seg_s:14,.0f} chars/s")
    print(f"read + segment:             {total_s * 1000:8.1f} ms  {len(text) / total_s:14,.0f} chars/s")
    print(f"ratio read+segment / baseline: {total_s / baseline:.1f}x")
    verdict = "met" if total_s < TARGET_SECONDS * len(text) / 1_000_000 else "MISSED"
    print(f"target: 1,000,000 characters in < {TARGET_SECONDS:.1f} s on one core -> {verdict}")


if __name__ == "__main__":
    main()

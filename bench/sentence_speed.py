"""Speed of sentence splitting: one long paragraph against the same text in short ones.

The splitter must be linear in the length of a paragraph: a 1 MB paragraph
(a machine dump, a book pasted without line breaks) costs about what the same
text costs cut into 1,000-character paragraphs. Printed as ratios, measured in
one run, so that the machine's load cancels out:

- ``long / short``: CPU time of the 1 MB single paragraph over the same text
  in 1,000-character paragraphs (target: about 1, never growing with length);
- chars/s of ordinary prose in 1,000-character paragraphs (target: 1 M or more);
- the 1 MB paragraph in seconds (target: under 2 s), also for paragraphs built
  to find a slow path (every word a candidate end, brackets that never close,
  a mark every 100 characters through ``segment_paragraph``).

Texts are generated from sentences written here (English with abbreviations,
initials, numbers and quotes; Russian; German; Chinese). Times are CPU seconds
(``time.process_time``), best of 3.

Run: .venv/bin/python bench/sentence_speed.py [CHARS]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.segment import split_sentences  # noqa: E402

SENTENCES = {
    "en": [
        "Mr. Hale walked to the station at 7 a.m. on a grey Monday.",
        "The train was late again, as it had been all week.",
        "\"Are you coming?\" asked Dr. Ames from the platform.",
        "Nobody answered her, and the wind took the question away.",
        "In 1999 the line carried 3.5 million people, e.g. clerks and students.",
        "J. R. Lowell wrote about it in Vol. 2 of his letters, pp. 14-20.",
        "She bought bread, milk, eggs, etc. and walked home by the river.",
        "Was it worth it? Perhaps... or perhaps not!",
        "The committee met in the U.S. Senate building last spring.",
        "See No. 5 for the full table of fares.",
    ],
    "ru": [
        "Проф. А. И. Семенов жил на ул. Садовой, д. 5, с 1901 г.",
        "Утром шёл дождь, и никто не вышел из дома.",
        "«Ты придёшь?» — спросила она.",
        "Он ничего не ответил и закрыл окно.",
    ],
    "de": [
        "Am 12. Juni kam Dr. med. Weber in die Stadt.",
        "Sie wohnte in der Hauptstr. 5, gleich neben dem Bahnhof.",
        "„Kommst du mit?“ fragte er leise.",
        "Niemand wusste, wie lange der Winter noch dauern würde.",
    ],
    "zh": [
        "今天天气很好，我们去公园散步。",
        "他问：“你明天还来吗？”",
        "我们一起去看了《摔跤吧！爸爸》这部电影。",
        "会议于2024年3月5日举行，共有12.5万人参加！",
    ],
}


def generate(language: str, chars: int, seed: int = 0) -> str:
    """About ``chars`` characters of prose in ``language``, sentences joined by spaces (none for Chinese)."""
    rng = random.Random(seed)
    pool = SENTENCES[language]
    joiner = "" if language == "zh" else " "
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = rng.choice(pool)
        parts.append(sentence)
        size += len(sentence) + len(joiner)
    return joiner.join(parts)


def paragraphs_of(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters, at a space or a sentence end."""
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        while end < len(text) and text[end - 1] not in " 。！？":
            end += 1
        out.append(text[start:end])
        start = end
    return out


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def measure(language: str, chars: int) -> tuple[float, float]:
    text = generate(language, chars)
    short = paragraphs_of(text, 1000)
    long_s = best_of(3, lambda: split_sentences(text, language))
    short_s = best_of(3, lambda: [split_sentences(p, language) for p in short])
    print(f"{language}: {len(text):>9,} chars  one paragraph {long_s:7.3f} s   "
          f"{len(short):,} paragraphs of ~1,000 {short_s:7.3f} s   "
          f"long/short {long_s / short_s:5.2f}x   {len(text) / short_s:12,.0f} chars/s")
    return long_s, short_s


def hostile(chars: int) -> float:
    """Paragraphs built to find a slow path: every word a candidate end, no space at all,
    brackets that never close, a list of numbers, and a paragraph with a mark every 100 characters."""
    from pipeline.model import Mark, Paragraph
    from pipeline.segment import segment_paragraph

    texts = {
        "a. every word an initial": ("en", "a. " * (chars // 3)),
        "A. every word an initial, capitals": ("en", "A. " * (chars // 3)),
        "no space, no mark": ("en", "x" * chars),
        "unclosed brackets": ("zh", "《「" * (chars // 4) + "」》" * (chars // 4)),
        "closers alone": ("zh", "」！" * (chars // 2)),
        "numbers 1. 2. 3.": ("en", " ".join(f"{n % 99 + 1}. item" for n in range(chars // 9))),
        "quotation marks, spaced ellipses": ("sk", '„A. B,“ "C. D" «E. . . . F» ' * (chars // 27)),
    }
    worst = 0.0
    for name, (language, text) in texts.items():
        took = best_of(1, lambda: split_sentences(text, language))
        worst = max(worst, took)
        print(f"hostile {name:36} {len(text):>9,} chars {took:7.3f} s")
    text = generate("en", chars)
    marks = tuple(Mark("link" if n % 2 else "strong", n, n + 20, href="x") for n in range(0, len(text) - 20, 100))
    paragraph = Paragraph(id="p1", text=text, marks=marks)
    took = best_of(1, lambda: segment_paragraph(paragraph, "en"))
    print(f"hostile {'1 MB paragraph, a mark every 100':36} {len(text):>9,} chars {took:7.3f} s")
    worst = max(worst, took)
    paragraph = Paragraph(id="p1", text=text, marks=(Mark("code", 1, len(text) - 1),))
    took = best_of(1, lambda: segment_paragraph(paragraph, "en"))
    print(f"hostile {'1 MB paragraph in one code span':36} {len(text):>9,} chars {took:7.3f} s")
    return max(worst, took)


def main() -> None:
    chars = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    results = {language: measure(language, chars) for language in SENTENCES}
    for language in ("en",):
        measure(language, chars // 4)  # the ratio must not grow with the length
    slowest_hostile = hostile(chars)
    worst = max(long / short for long, short in results.values())
    slowest = min(chars / short for _, short in results.values())
    longest = max(max(r[0] for r in results.values()), slowest_hostile)
    print(f"target: 1 MB paragraph < 2 s, any paragraph -> {'met' if longest < 2 else 'MISSED'} ({longest:.2f} s); "
          f"long/short worst {worst:.2f}x; prose >= 1,000,000 chars/s -> {'met' if slowest >= 1e6 else 'MISSED'}")


if __name__ == "__main__":
    main()

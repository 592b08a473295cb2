"""Translation throughput, three ways, on the same model and the same Chinese document.

1. raw: ``ctranslate2.Translator.translate_batch`` over every (pre-tokenized)
   sentence at once, sorted by length, token-based batches: the limit.
2. diglot: ``pipeline.translate.translate_missing`` end to end, as ``build``
   calls it (memory lookup, dedupe, tokenize, decode, detokenize, SQLite
   commits per batch), then a second run of the same document, all from memory.
3. argos: Argos Translate's own path (``argostranslate.translate``), one call
   per paragraph, its sentence splitter swapped for a plain one (its splitting
   models cannot be downloaded here).

The model has the shape of Argos's zh→en model (Transformer base: 6+6 layers,
d=512, 8 heads, FFN 2048, 32k vocabulary, int8) with random weights; every
sentence is decoded to exactly ``--length`` tokens (min = max decoding length)
so the three do the same work. Prints throughputs and ratios; targets:
diglot >= 0.9x raw, >= 3x argos; second run < 2% of the first.

4. marks: ``translate_missing`` again on the same sentences, each carrying an
   emphasis, a link and a footnote reference, so that the engine returns
   attention and every mark is placed (``pipeline.marks``); target: under 10%
   slower than without marks (both runs into a fresh memory).

    python bench/translate_speed.py            # the full run (about 2,000 sentences)
    python bench/translate_speed.py --small    # a quick check with the tiny model
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_END = re.compile(r"(?<=[。！？])")


def make_document(sentences: int, seed: int = 0) -> list[list[str]]:
    """Paragraphs of distinct Chinese sentences, built from the project's own text."""
    lines = []
    for path in [ROOT / "tests" / "data" / "corpus_zh.txt", *sorted((ROOT / "source").glob("*.txt"))]:
        text = path.read_text(encoding="utf-8")
        lines.extend(s.strip() for s in _END.split(text.replace("\n", "")) if s.strip())
    clauses = sorted({c for line in lines for c in re.split(r"[，。！？；：]", line) if 4 <= len(c) <= 30})
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < sentences:
        k = rng.choice((1, 2, 2, 3))
        sentence = "，".join(rng.sample(clauses, k)) + "。"
        if sentence not in seen:
            seen.add(sentence)
            out.append(sentence)
    paragraphs, i = [], 0
    while i < len(out):
        n = rng.randint(3, 7)
        paragraphs.append(out[i : i + n])
        i += n
    return paragraphs


def bench_raw(package_dir: Path, sentences: list[str], args) -> float:
    import ctranslate2
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)
    from pipeline.engines.argos import _split_threads

    splits = {(1, args.threads), _split_threads(args.threads, args.device)}
    best = None
    for inter, intra in sorted(splits):
        translator = ctranslate2.Translator(
            str(package_dir / "model"), device=args.device, compute_type=args.compute_type,
            intra_threads=intra, inter_threads=inter,
        )
        translator.translate_batch(tokens[:8], beam_size=args.beam, max_decoding_length=args.length)  # warm-up
        for batch_tokens in args.raw_batch_tokens:
            start = time.perf_counter()
            translator.translate_batch(
                tokens, max_batch_size=batch_tokens, batch_type="tokens", beam_size=args.beam,
                min_decoding_length=args.length, max_decoding_length=args.length,
            )
            seconds = time.perf_counter() - start
            print(f"  raw  {inter} x {intra} threads, max_batch_size={batch_tokens:>5} tokens: "
                  f"{len(sentences) / seconds:8.1f} sentences/s", flush=True)
            best = seconds if best is None else min(best, seconds)
        del translator
    return best


def bench_diglot(sentences: list[str], args, project: Path) -> tuple[float, float, int]:
    from pipeline.engines import open_engine
    from pipeline.memory import TranslationMemory
    from pipeline.model import TranslationRequest
    from pipeline.translate import translate_missing

    engine = open_engine("argos", "zh", "en", device=args.device, threads=args.threads, beam_size=args.beam,
                         compute_type=args.compute_type)
    engine.min_decoding_length = engine.max_decoding_length = args.length
    engine.translate(sentences[:8])  # warm-up, as for the others (nothing is stored)
    requests = [TranslationRequest(s) for s in sentences]
    with TranslationMemory.for_project(project) as memory:
        start = time.perf_counter()
        first = translate_missing(engine, memory, requests, batch_segments=args.batch_segments)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = translate_missing(engine, memory, requests, batch_segments=args.batch_segments)
        second_s = time.perf_counter() - start
    assert first.translated == len(set(sentences)) and second.from_memory == len(set(sentences))
    return first_s, second_s, first.translated


def bench_marks(sentences: list[str], args, project: Path) -> tuple[float, dict]:
    """translate_missing on the same sentences with marks on each: (seconds, placements)."""
    from pipeline.engines import open_engine
    from pipeline.marks import count_placements
    from pipeline.memory import TranslationMemory
    from pipeline.model import Mark, TranslationRequest
    from pipeline.translate import translate_missing

    engine = open_engine("argos", "zh", "en", device=args.device, threads=args.threads, beam_size=args.beam,
                         compute_type=args.compute_type)
    engine.min_decoding_length = engine.max_decoding_length = args.length
    engine.translate(sentences[:8])
    requests = [
        TranslationRequest(s, marks=(Mark("emphasis", 0, 2), Mark("link", 2, 5, href="https://example.org/"),
                                     Mark("footnote", len(s) - 1, len(s) - 1, href="n1")))
        for s in sentences
    ]
    with TranslationMemory.for_project(project) as memory:
        start = time.perf_counter()
        run = translate_missing(engine, memory, requests, batch_segments=args.batch_segments)
        seconds = time.perf_counter() - start
    return seconds, count_placements(run.marks.values())


def bench_argos(package_dir: Path, paragraphs: list[list[str]], args) -> float:
    from argostranslate import settings

    settings.device = args.device
    settings.intra_threads = args.threads
    settings.inter_threads = 1
    settings.compute_type = args.compute_type
    settings.beam_size = args.beam
    import argostranslate.package as package
    import argostranslate.translate as translate
    import ctranslate2

    pkg = package.Package(package_dir)

    class PlainSentencizer:
        def split_sentences(self, text: str) -> list[str]:
            return [s for s in _END.split(text) if s]

    class FixedLength:
        """The real Translator; only the decoding length is fixed, as for the other two."""

        def __init__(self, real):
            self.real = real

        def translate_batch(self, tokens, **options):
            options.update(min_decoding_length=args.length, max_decoding_length=args.length)
            return self.real.translate_batch(tokens, **options)

    translation = translate.PackageTranslation.__new__(translate.PackageTranslation)
    translation.from_lang, translation.to_lang, translation.pkg = None, None, pkg
    translation.sentencizer = PlainSentencizer()
    translation.translator = FixedLength(
        ctranslate2.Translator(str(package_dir / "model"), device=args.device, compute_type=args.compute_type,
                               intra_threads=args.threads, inter_threads=1)
    )
    translation.hypotheses("".join(paragraphs[0]), num_hypotheses=1)  # warm-up
    start = time.perf_counter()
    for paragraph in paragraphs:
        translation.hypotheses("".join(paragraph), num_hypotheses=1)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="tiny model, 200 sentences: a quick check")
    parser.add_argument("--sentences", type=int, default=None)
    parser.add_argument("--length", type=int, default=None, help="decoding length in tokens (fixed)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch-segments", type=int, default=256)
    parser.add_argument("--raw-batch", type=int, action="append", help="raw max_batch_size in tokens (repeatable)")
    parser.add_argument("--skip-argos", action="store_true")
    args = parser.parse_args()
    args.sentences = args.sentences or (200 if args.small else 2000)
    args.length = args.length or (16 if args.small else 32)
    args.raw_batch_tokens = args.raw_batch or ((2048, 4096) if args.device == "cpu" else (4096, 8192, 16384))

    from tests.support.tinymodel import build_argos_package

    paragraphs = make_document(args.sentences)
    sentences = [s for p in paragraphs for s in p]
    with tempfile.TemporaryDirectory(prefix="diglot-bench-") as work:
        work = Path(work)
        shape = {} if args.small else dict(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32000)
        start = time.perf_counter()
        archive = build_argos_package(work / "build", quantization="int8", **shape)
        os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
        from pipeline.engines.packages import install_from_file

        package_dir = install_from_file(archive).path
        print(f"model: {'tiny' if args.small else 'Transformer base, 32k vocab'}, int8, built in "
              f"{time.perf_counter() - start:.1f} s; {len(sentences)} sentences in {len(paragraphs)} paragraphs; "
              f"beam {args.beam}; {args.length} tokens each; {args.threads} threads on {args.device}")

        raw_s = bench_raw(package_dir, sentences, args)
        diglot_s, second_s, translated = bench_diglot(sentences, args, work / "project")
        marks_s, placements = bench_marks(sentences, args, work / "project-marks")
        plain_again, _, _ = bench_diglot(sentences, args, work / "project-again")  # the baseline, measured twice
        diglot_s = min(diglot_s, plain_again)
        argos_s = None if args.skip_argos else bench_argos(package_dir, paragraphs, args)

    n = len(sentences)
    print(f"raw translate_batch (limit): {n / raw_s:8.1f} sentences/s  ({raw_s:.2f} s)")
    print(f"diglot translate_missing:    {n / diglot_s:8.1f} sentences/s  ({diglot_s:.2f} s)")
    if argos_s is not None:
        print(f"argos per paragraph:         {n / argos_s:8.1f} sentences/s  ({argos_s:.2f} s)")
    print(f"diglot / raw limit:   {raw_s / diglot_s:5.2f}x   (target >= 0.9)")
    if argos_s is not None:
        print(f"diglot / argos:       {argos_s / diglot_s:5.2f}x   (target >= 3)")
    print(f"second run from memory: {second_s:.3f} s = {100 * second_s / diglot_s:.2f}% of the first (target < 2%)")
    print(f"with marks (attention, placement): {n / marks_s:8.1f} sentences/s  ({marks_s:.2f} s) = "
          f"{100 * (marks_s / diglot_s - 1):+.1f}% vs without (target < +10%); placed {placements}")


if __name__ == "__main__":
    main()

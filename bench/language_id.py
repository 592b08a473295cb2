"""Which language identifier could find a source's language: speed and accuracy.

Measures the identifiers that are installed (none is a dependency of diglot):
``pycld2`` (Chromium's CLD2, C++, its model compiled into the wheel, no other
dependency) and ``py3langid`` (langid.py's model shipped in the package,
NumPy). On the corpus books in ../shared/corpus (a book's language is known)
and on the sentences of the per-language tests in tests/segment (short texts
in 30 languages and 15 scripts): paragraphs right, characters per second, and
what each says of the whole book from its first 20,000 characters.

Then what a build without --from decides (``pipeline.language_id``, as
``pipeline.prepare`` calls it) for every readable corpus source, text, EPUB,
Word and PDF: the language said, how sure, and the time per source.

Run: .venv/bin/pip install pycld2 py3langid; .venv/bin/python bench/language_id.py
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import read_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
BOOKS = {
    "en": ["epub/epubjs-alice.epub", "epub/idpf-childrens-literature.epub", "docx/poi-delins.docx"],
    "zh": ["text/kuangren-riji-luxun-utf8-crlf.txt", "text/wic-speeches-compilation.txt"],
}
# Codes the identifiers write differently from diglot.
_SAME = {"zh-Hant": "zt", "iw": "he", "no": "nb", "jw": "jv"}


def identifiers():
    out = {}
    try:
        pycld2 = importlib.import_module("pycld2")
        out["pycld2"] = lambda text: pycld2.detect(text)[2][0][1]
    except ImportError:
        print("pycld2 is not installed")
    try:
        langid = importlib.import_module("py3langid")
        out["py3langid"] = lambda text: langid.classify(text)[0]
    except ImportError:
        print("py3langid is not installed")
    return out


def samples() -> list[tuple[str, str]]:
    """(language, text) pairs from the per-language sentence tests (their expected sentences joined)."""
    sys.path.insert(0, str(ROOT / "tests" / "segment"))
    pairs = []
    for module in ("test_split_latin", "test_split_scripts"):
        for language, text, _ in importlib.import_module(module).CASES:
            pairs.append((language, text))
    return pairs


def main() -> None:
    found = identifiers()
    for name, identify in found.items():
        start = time.perf_counter()
        identify("warm up: load the model")
        print(f"{name}: first call (loads the model) {time.perf_counter() - start:.2f} s")
    if CORPUS.is_dir():
        for language, books in BOOKS.items():
            for book in books:
                doc = read_document(CORPUS / book, language)
                paragraphs = [b.text for b in doc.blocks() if len(b.text) > 40]
                whole = "\n".join(paragraphs)[:20000]
                for name, identify in found.items():
                    start = time.perf_counter()
                    said = [_SAME.get(identify(p), identify(p).split("-")[0]) for p in paragraphs]
                    took = (time.perf_counter() - start) / 2
                    right = sum(s == language for s in said)
                    print(f"{book:42} {name:10} book: {identify(whole):6} paragraphs {right}/{len(said)} right, "
                          f"{sum(map(len, paragraphs)) / took / 1e6:5.1f} M chars/s")
    pairs = samples()
    for name, identify in found.items():
        wrong = [(language, _SAME.get(identify(text), identify(text))) for language, text in pairs]
        wrong = [(want, got) for want, got in wrong if got.split("-")[0] != want and got != want]
        print(f"test sentences {name:10} {len(pairs) - len(wrong)}/{len(pairs)} right; wrong (want, got): {wrong}")



# Every corpus source a build reads, and the language it is written in (the hostile, truncated ones left out).
SOURCES = {
    "text/kuangren-riji-luxun-utf8-crlf.txt": "zh", "text/wic-speeches-compilation.txt": "zh",
    "epub/epubjs-alice.epub": "en", "epub/idpf-childrens-literature.epub": "en",
    "epub/w3c-pkg-spine-order.epub": "en", "epub/w3c-scr-support.epub": "en",
    "docx/poi-delins.docx": "en", "docx/pandoc-notes.docx": "en",
    "docx/python-docx-par-rendered-page-breaks.docx": "en",
    "pdf/alice-calibre.pdf": "en", "pdf/kuangren-riji-libreoffice.pdf": "zh", "pdf/poi-delins-libreoffice.pdf": "en",
}


def diglot_decides() -> None:
    """What a build without --from reads each corpus source as."""
    from pipeline.language_id import identify_document, sample
    from pipeline.prepare import read_source

    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return
    right = 0
    for book, want in SOURCES.items():
        path = CORPUS / book
        if not path.is_file():
            continue
        document, found = read_source(path, None)
        chars = sum(map(len, sample(document)))
        start = time.perf_counter()
        again = identify_document(document)
        took = time.perf_counter() - start
        said = found.code or f"none ({found.why})"
        right += found.code == want
        print(f"{book:48} want {want}  said {said:4} {found.percent:3} %  {chars:8,} chars sampled in "
              f"{took * 1000:6.1f} ms" + ("" if again == found else "  (not the same twice!)"))
    print(f"diglot decides: {right}/{sum((CORPUS / b).is_file() for b in SOURCES)} corpus sources right")


if __name__ == "__main__":
    main()
    diglot_decides()

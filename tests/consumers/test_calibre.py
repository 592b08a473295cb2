"""calibre as a consumer of the EPUBs: what an e-book manager shows, and what a Kindle gets.

``ebook-meta`` reads an EPUB as calibre's library does; ``ebook-convert`` makes the AZW3 a Kindle
reads, and its log is a linter (no error, warning or failure line). The books: the shipped sample
and the user's compilation from the corpus, built with the tiny model, and a corpus EPUB with its
translation put in. Skipped where calibre is not installed (CI installs the Debian package).

What calibre's AZW3 keeps: the bilingual title, the authors, both languages' text, and both
languages as EXTH 524 records, the first also as the MOBI header's locale. calibre's own MOBI
reader (``ebook-meta`` on an AZW3) keeps only the last EXTH 524 record it meets, so it lists one
language for any AZW3: the records themselves are checked.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.render import write_epub
from tests.conftest import tiny_model_installed
from tests.render.conftest import EPUBCHECK
from tests.support.epubs import edition_of
from tests.support.layouts import CORPUS as CORPUS_TEXT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("ebook-convert") and shutil.which("ebook-meta")),
                       reason="calibre is not installed (apt-get install calibre)"),
]
ROOT = Path(__file__).resolve().parents[2]
CORPUS_EPUB = CORPUS_TEXT.parent / "epub" / "epubjs-alice.epub"
COMPILATION = CORPUS_TEXT / "wic-speeches-compilation.txt"
ERROR_LINE = re.compile(r"error|warning|traceback|fail|exception|could not|cannot|invalid", re.IGNORECASE)


@dataclass(frozen=True)
class Book:
    epub: Path
    title: str  # the bilingual title calibre must show
    languages: tuple[str, str]  # as ebook-meta names them, in the package's order
    exth: tuple[bytes, bytes]  # as calibre writes them into the AZW3's EXTH 524 records
    pairs: tuple[tuple[str, str], ...]  # (source, translation) texts the book must hold


def calibre(tool: str, *args, tmp: Path) -> subprocess.CompletedProcess:
    """One calibre command; no display needed (offscreen Qt), and a Qt WebEngine that runs as root too
    (ebook-meta renders an EPUB's first page as its cover; its sandbox refuses root)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "CALIBRE_CONFIG_DIRECTORY": str(tmp / "calibre-config")}
    result = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def metadata(path: Path, tmp: Path) -> dict[str, str]:
    """What ebook-meta lists: ``Title``, ``Author(s)``, ``Languages``…"""
    out = calibre("ebook-meta", path, tmp=tmp).stdout
    return {m[1]: m[2] for m in re.finditer(r"^(\S[^:\n]*?)\s*: (.*)$", out, re.MULTILINE)}


def exth(path: Path) -> tuple[bytes, dict[int, list[bytes]]]:
    """(the MOBI header's locale, the EXTH records by type) of an AZW3 (a Palm database)."""
    data = path.read_bytes()
    assert data[60:68] == b"BOOKMOBI"
    record0 = data[struct.unpack(">I", data[78:82])[0]:]
    assert record0[16:20] == b"MOBI" and struct.unpack(">I", record0[128:132])[0] & 0x40  # an EXTH follows
    header = record0[16 + struct.unpack(">I", record0[20:24])[0]:]
    assert header[:4] == b"EXTH"
    records: dict[int, list[bytes]] = {}
    pos = 12
    for _ in range(struct.unpack(">I", header[8:12])[0]):
        kind, size = struct.unpack(">II", header[pos:pos + 8])
        records.setdefault(kind, []).append(header[pos + 8:pos + size])
        pos += size
    return record0[92:96], records


def normal(text: str) -> str:
    return " ".join(text.split())


def spread(pairs: list[tuple[str, str]], count: int = 5) -> tuple[tuple[str, str], ...]:
    """``count`` pairs from the beginning to the end of a book."""
    pairs = [p for p in pairs if p[0].strip() and p[1].strip()]
    return tuple(pairs[i * (len(pairs) - 1) // (count - 1)] for i in range(count))


def _built_sources(folder: Path, tiny_argos_model: Path) -> list[Book]:
    """The sample (and the user's compilation, where the corpus is) built with the tiny model."""
    from pipeline.build import build
    from pipeline.config import load_settings

    project = folder / "project"
    (project / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / "sample.txt", project / "source")
    if COMPILATION.is_file():
        shutil.copy(COMPILATION, project / "source")
    shutil.copytree(ROOT / "glossary", project / "glossary")
    with tiny_model_installed(folder, tiny_argos_model):
        result = build(project, load_settings(project, {"formats": ["epub"]}))
    books = []
    for edition in result.editions:
        source, target = edition.document.title.text, edition.target_of(edition.document.title)
        assert target, "the tiny model translates the title"
        pairs = [(p.text, edition.target_of(p)) for s in edition.document.sections for p in s.paragraphs]
        books.append(Book(project / "output" / f"{edition.document.name}.epub", f"{source} / {target}",
                          ("zho", "eng"), (b"zh", b"en"), spread(pairs)))
    return books


def mirrored(text: str) -> str:
    """A stand-in translation that no source paragraph contains: the text backwards, in brackets."""
    return f"〔{text.strip()[::-1]}〕"


def _corpus_book(folder: Path) -> Book:
    """A corpus EPUB (Alice) with a stand-in Chinese translation put in by the book writer."""
    source = folder / "alice.epub"
    shutil.copy(CORPUS_EPUB, source)
    edition = edition_of(source, source="en", target="zh", translate=mirrored)
    out = write_epub(edition, folder / "alice.bilingual.epub")
    title = edition.document.title.text
    pairs = [(p.text, edition.target_of(p)) for p in edition.document.blocks() if len(p.text) > 60]
    return Book(out, f"{title} / {mirrored(title)}", ("eng", "zho"), (b"en", b"zh"), spread(pairs))


@pytest.fixture(scope="module")
def books(tmp_path_factory, tiny_argos_model) -> dict[str, Book]:
    folder = tmp_path_factory.mktemp("calibre")
    found = {b.epub.stem: b for b in _built_sources(folder, tiny_argos_model)}
    if CORPUS_EPUB.is_file():
        found["alice"] = _corpus_book(folder)
    return found


@pytest.fixture(scope="module")
def azw3(books, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each book converted to AZW3 once: (the AZW3, ebook-convert's log)."""
    folder = tmp_path_factory.mktemp("azw3")
    out = {}
    for name, book in books.items():
        target = folder / f"{name}.azw3"
        run = calibre("ebook-convert", book.epub, target, tmp=folder)
        out[name] = (target, run.stdout + run.stderr)
    return out


def test_the_books_under_test(books):
    expected = {"sample"} | ({"wic-speeches-compilation"} if COMPILATION.is_file() else set())
    expected |= {"alice"} if CORPUS_EPUB.is_file() else set()
    assert set(books) == expected


def test_calibre_library_shows_the_bilingual_title_and_both_languages(books, tmp_path):
    for name, book in books.items():
        shown = metadata(book.epub, tmp_path)
        assert shown["Title"] == book.title, name
        assert shown["Languages"] == ", ".join(book.languages), name
    sample = metadata(books["sample"].epub, tmp_path)
    assert sample["Author(s)"] == "王建华 & 玛丽亚·费尔南德斯 & 李晓明"  # the speakers, as authors


def test_ebook_convert_makes_an_azw3_without_an_error_line(azw3):
    for name, (path, log) in azw3.items():
        assert path.stat().st_size > 0 and "AZW3 output written to" in log, name
        assert not [line for line in log.splitlines() if ERROR_LINE.search(line)], (name, log)


def test_the_azw3_keeps_the_bilingual_title_and_both_languages(books, azw3, tmp_path):
    for name, book in books.items():
        path = azw3[name][0]
        locale, records = exth(path)
        assert records[524] == list(book.exth), name  # both languages, in the package's order
        assert records[503] == [book.title.encode("utf-8")], name  # the title a Kindle shows
        assert locale == {b"zh": b"\0\0\0\x04", b"en": b"\0\0\0\x09"}[book.exth[0]], name  # Chinese, English
        shown = metadata(path, tmp_path)  # what calibre's library makes of the AZW3
        assert shown["Title"] == book.title, name
        assert shown["Languages"] in book.languages, name  # calibre's MOBI reader keeps one of them


def test_the_azw3_text_holds_both_languages_paragraphs_in_order(books, azw3, tmp_path):
    for name, book in books.items():
        txt = tmp_path / f"{name}.txt"
        calibre("ebook-convert", azw3[name][0], txt, tmp=tmp_path)
        text = normal(txt.read_text("utf-8"))
        assert len(book.pairs) == 5
        for source, target in book.pairs:
            source, target = normal(source), normal(target)
            assert source in text, (name, source)
            assert target in text, (name, target)
            assert text.index(source) < text.index(target, text.index(source)), (name, source)


@pytest.mark.skipif(not (EPUBCHECK.exists() and shutil.which("java")),
                    reason="epubcheck is not installed (apt-get install epubcheck)")
def test_epubcheck_finds_no_error_in_the_built_books(books, tmp_path):
    """The EPUBs diglot writes from text (a book EPUB is compared with its source in
    tests/render/test_book_epub_epubcheck.py): one JVM for all."""
    from tests.render.test_book_epub_epubcheck import epubcheck_all

    built = [book.epub for name, book in books.items() if name != "alice"]
    assert epubcheck_all(built, tmp_path) == {path: set() for path in built}

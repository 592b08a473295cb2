"""EPUB sources read as the book states them: spine order, TOC nesting, blocks with
their marks, notes, alt texts; code and scripts left alone; every text node accounted for."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import read_document
from pipeline.ingest.epub import entries, open_book
from pipeline.ingest.epub.blocks import local
from pipeline.segment import segment_document
from tests.support.epubs import novel, vertical_japanese

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "epub"
REAL_BOOKS = sorted(p for p in CORPUS.glob("*.epub") if "fatal" not in p.name) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    return {
        "epub3": novel(folder / "novel3.epub"),
        "epub2": novel(folder / "novel2.epub", version=2),
        "japanese": vertical_japanese(folder / "japanese.epub"),
    }


def heads(doc) -> list[tuple[int, str]]:
    return [(s.level, s.title.text) for s in doc.sections if s.title is not None]


def test_sections_follow_the_spine_and_nest_as_the_toc_does(books):
    doc = read_document(books["epub3"], language="en")
    assert doc.format == "epub"
    assert doc.title.text == "A Test Book"
    # files are named z-, b-, c-: the spine, not the file names, gives the order
    assert heads(doc) == [(1, "Contents"), (1, "The River"), (2, "Morning"), (1, "The Bridge"), (2, "Stones"),
                          (1, "Notes")]
    contents = doc.sections[0]
    assert [p.text for p in contents.paragraphs] == ["The River", "Morning", "The Bridge", "Stones", "Notes"]


def test_blocks_carry_their_inline_marks_and_footnotes_point_at_the_note(books):
    doc = read_document(books["epub3"], language="en")
    river = doc.sections[1]
    first = river.paragraphs[0]
    assert first.text == "The river was wide and cold.1 She waited by the bridge."
    marks = {(m.kind, first.text[m.start:m.end]): m for m in first.marks}
    assert {"emphasis", "strong", "footnote", "link"} <= {kind for kind, _ in marks}
    assert marks[("emphasis", "wide")] and marks[("strong", "cold")]
    assert marks[("link", "bridge")].href == "b-middle.xhtml#s2"
    note = marks[("footnote", "1")].href
    assert [p.id for p in doc.notes] == [note]
    assert doc.notes[0].text == "The note explains the river."
    poem = river.paragraphs[1]
    assert poem.text == "Water\nover stones\nall night."
    assert [m.start for m in poem.marks if m.kind == "linebreak"] == [5, 17]
    morning = doc.sections[2].paragraphs[0]
    kinds = {(m.kind, morning.text[m.start:m.end]) for m in morning.marks}
    assert {("subscript", "2"), ("superscript", "st")} <= kinds
    french = next(p for p in doc.sections[4].paragraphs if "très" in p.text)
    assert [(m.kind, m.language) for m in french.marks] == [("language", "fr")]


def test_alt_text_lists_tables_and_captions_are_paragraphs_code_and_scripts_are_not(books):
    doc = segment_document(read_document(books["epub3"], language="en"))
    texts = [p.text for p in doc.blocks()]
    for expected in ("A river at dusk", "Bread and salt.", "Two ropes.", "One long rope.", "Bridges we crossed",
                     "Name", "Old bridge", "Cross it slowly, said the keeper.", "Keeper",
                     "The man who guards the bridge."):
        assert expected in texts
    joined = "\n".join(texts)
    for left_alone in ("do not translate", 'print("hello")', "var x"):
        assert left_alone not in joined
    skipped = " ".join(r.detail for r in doc.repairs if r.kind == "skipped")
    assert "preformatted text" in skipped and "script" in skipped and "code" in skipped
    for block in doc.blocks():
        assert "".join(s.text for s in block.segments) == block.text
    anchors = [p.anchor for p in doc.blocks() if p.anchor != "opf:title"]
    assert len(anchors) == len(set(anchors))


def test_epub2_reads_its_ncx_for_titles_and_nesting(books):
    doc = read_document(books["epub2"], language="en")
    assert heads(doc) == [(1, "The River"), (2, "Morning"), (1, "The Bridge"), (2, "Stones"), (1, "Notes")]
    labels = [p.text for p in doc.sections[0].paragraphs]
    assert labels == ["A Test Book", "The River", "Morning", "The Bridge", "Stones", "Notes"]


def test_japanese_vertical_book_drops_ruby_readings_and_line_breaks_between_kanji(books):
    doc = read_document(books["japanese"], language="ja")
    body = [p.text for s in doc.sections for p in s.paragraphs]
    assert "川は広くて、冷たかった。彼女は橋のそばで待っていた。" in body
    assert any("ruby annotation" in r.detail for r in doc.repairs if r.kind == "skipped")


def _body_text_nodes(tree) -> list[str]:
    body = next(el for el in tree.iter() if local(el) == "body")
    out = [body.text or ""]
    for el in body.iterdescendants():
        if isinstance(el.tag, str):
            out.append(el.text or "")
        out.append(el.tail or "")
    return out


def _chars(texts) -> Counter:
    return Counter(c for t in texts for c in t if not c.isspace())


@pytest.mark.parametrize("name", ["epub3", "epub2", "japanese", *[p.name for p in REAL_BOOKS]])
def test_every_text_node_is_in_exactly_one_paragraph_or_listed_as_skipped(books, name):
    path = books.get(name) or CORPUS / name
    book = open_book(path)
    doc = segment_document(read_document(path, language="ja" if name == "japanese" else "en"))
    by_anchor = {p.anchor: p for p in doc.blocks()}
    for entry in entries(book):
        if entry.kind == "ncx":
            continue
        units = [u for u in entry.walk.units if u.kind != "alt"]  # alt text is an attribute, not a text node
        assert _chars(_body_text_nodes(entry.tree)) == _chars([u.text for u in units] + [t for _, t in entry.walk.skipped])
        for index, unit in enumerate(entry.walk.units):  # each unit is one paragraph, segmented whole
            para = by_anchor[entry.anchor(index)]
            assert "".join(s.text for s in para.segments) == para.text == unit.text

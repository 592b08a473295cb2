"""The bilingual DOCX of a DOCX source: the source document, kept, with its translation put in.

Editions for English sources get their targets from a stand-in translator
(the source in capitals, its marks projected as they were), so that every
output paragraph can be traced back; the Chinese document goes through a real
build with the tiny zh→en model.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline.ingest import read_document
from pipeline.ingest.docx import read_docx_reading
from pipeline.word.names import W
from pipeline.model import Edition, Mark, Provenance, Translation
from pipeline.render import render
from pipeline.render.book_docx import PPR_ORDER, STYLE_ID
from pipeline.segment import segment_document
from tests.support.docxfiles import book_docx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "docx"
REAL = ["pandoc-notes.docx", "poi-delins.docx", "python-docx-par-rendered-page-breaks.docx"]


def capitals(path: Path, language: str = "en", target: str = "de") -> Edition:
    """The document with every segment 'translated' into capitals, marks kept on the same characters."""
    doc = segment_document(read_document(path, language=language))
    translations = {}
    for block in doc.blocks():
        for s in block.segments:
            end = s.start + len(s.text)
            marks = tuple(Mark(m.kind, m.start - s.start, m.end - s.start, href=m.href) for m in block.marks
                          if s.start <= m.start and m.end <= end and (m.start < end or m.start == m.end == end))
            translations[s.id] = Translation(s.id, s.text, s.text.upper(), "machine", marks=marks)
    return Edition(doc, language, target, translations, Provenance("test"))


def sources(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("book")
    found = [book_docx(folder / "book.docx")]
    found += [CORPUS / name for name in REAL if (CORPUS / name).exists()]
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[tuple[Path, Edition, Path, Path]]:
    """(source, edition, interleaved output, translation-only output) for each source."""
    out = []
    for path in sources(tmp_path_factory):
        edition = capitals(path)
        folder = tmp_path_factory.mktemp("out")
        both = render(edition, ["docx"], folder / "both")[0]
        only = render(edition, ["docx"], folder / "only", layout="translation-only")[0]
        out.append((path, edition, both, only))
    return out


def xml(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part)) if part in z.namelist() else None


def count(path: Path, *tags: str) -> dict[str, int]:
    with zipfile.ZipFile(path) as z:
        roots = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and "/_rels/" not in n]
    return {tag: sum(1 for root in roots for _ in root.iter(W + tag)) for tag in tags}


def is_translation(p) -> bool:
    return p.find(f"{W}r/{W}rPr/{W}rStyle[@{W}val='{STYLE_ID}']") is not None


def test_every_source_paragraph_in_order_each_followed_by_its_translation(built):
    from pipeline.ingest.docx import paragraph_elements

    for source, edition, both, _ in built:
        read = read_docx_reading(both, language="en").document
        by_anchor = {b.anchor: b.text for b in read.blocks()}
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            blocks = [b for b in edition.document.blocks() if b.anchor.split("#")[0] == part]
            if not blocks:
                continue
            elements = paragraph_elements(xml(both, part))
            texts = [(by_anchor.get(f"{part}#{i}"), is_translation(p), p) for i, p in enumerate(elements)]
            assert [t for t, made, _ in texts if t and not made] == [b.text for b in blocks], (source.name, part)
            position = {id(p): i for i, p in enumerate(elements)}
            # each translation right after its source paragraph (the sibling before it), once
            pairs = [(by_anchor[f"{part}#{position[id(p.getprevious())]}"], t) for t, made, p in texts if made]
            assert sorted(pairs) == sorted((b.text, edition.target_of(b)) for b in blocks), (source.name, part)


def test_the_translation_has_the_paragraphs_style_and_the_translation_character_style(built):
    for source, edition, both, _ in built:
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            root = xml(both, part)
            if root is None:
                continue
            made = [p for p in root.iter(W + "p") if is_translation(p)]
            assert made or part != "word/document.xml", source.name
            for p in made:
                before = p.getprevious()
                style = lambda el: el.findtext(f"{W}pPr/{W}pStyle") or (el.find(f"{W}pPr/{W}pStyle") is not None
                                                                          and el.find(f"{W}pPr/{W}pStyle").get(W + "val"))
                assert before is not None and before.tag == W + "p" and style(before) == style(p), source.name
                langs = {el.get(W + "val") for el in p.iter(W + "lang")}
                assert langs == {"de-DE"}, source.name


def test_tables_notes_images_and_sections_are_kept_and_counted_equal(built):
    for source, _, both, only in built:
        tags = ("tbl", "tc", "footnote", "endnote", "drawing", "sectPr")
        before = count(source, *tags)
        for out in (both, only):
            after = count(out, *tags)
            assert after == before, source.name
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(both) as b:
            parts = {n for n in a.namelist() if not n.endswith("/")}  # folder entries are not parts
            assert parts <= set(b.namelist())
            media = [n for n in a.namelist() if n.startswith("word/media/")]
            assert all(a.read(n) == b.read(n) for n in media)


def test_translation_marks_become_run_formatting(built):
    _, _, both, only = built[0]
    for out in (both, only):
        root = xml(out)
        runs = {"".join(r.itertext()): r for r in root.iter(W + "r")}
        assert runs["BRIGHT"].find(f"{W}rPr/{W}i") is not None
        assert runs["COLD"].find(f"{W}rPr/{W}b") is not None
        assert runs["2"].find(f"{W}rPr/{W}vertAlign").get(W + "val") == "subscript"
        link = runs["THE MOON PAGE"].getparent()
        assert link.tag == W + "hyperlink"
        rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        with zipfile.ZipFile(out) as z:
            rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        assert any(r.get("Id") == rid and r.get("Target") == "https://example.org/moon" for r in rels)
        para = runs["BRIGHT"].getparent()
        assert para.find(f".//{W}br") is not None


def test_translation_only_is_the_translated_document(built):
    for source, edition, _, only in built:
        reading = read_docx_reading(only, language="de")
        got = [p.text for p in reading.document.blocks()]
        want = [edition.target_of(b) for b in edition.document.blocks()]
        assert got == want, source.name
        source_refs = count(source, "footnoteReference", "endnoteReference")
        assert count(only, "footnoteReference", "endnoteReference") == source_refs, source.name
        styles = xml(only, "word/styles.xml")
        if styles is not None and styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr") is not None:
            assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(W + "val") == "de-DE"
        assert not any("deleted words" in t for t in got)


def test_untranslated_paragraphs_are_left_as_they_are(tmp_path):
    edition = capitals(book_docx(tmp_path / "book.docx"))
    empty = {k: replace(t, target="", status="untranslated") for k, t in edition.translations.items()}
    out = render(replace(edition, translations=empty), ["docx"], tmp_path / "out")[0]
    got = [p.text for p in read_docx_reading(out, language="en").document.blocks()]
    assert got == [b.text for b in edition.document.blocks()]


def test_a_chinese_target_gets_east_asian_fonts_and_language(tmp_path):
    edition = capitals(book_docx(tmp_path / "book.docx"), target="zh")
    edition = replace(edition, translations={k: replace(t, target="月亮很亮。") for k, t in edition.translations.items()})
    only = render(edition, ["docx"], tmp_path / "only", layout="translation-only")[0]
    runs = [r for r in xml(only).iter(W + "r") if "月亮" in "".join(t.text for t in r.findall(W + "t"))]
    assert runs and all(r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "Noto Serif CJK SC" for r in runs)
    assert all(r.find(f"{W}rPr/{W}lang").get(W + "eastAsia") == "zh-CN" for r in runs)
    defaults = xml(only, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(W + "lang").get(W + "eastAsia") == "zh-CN"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_converts_every_output_to_pdf(built, tmp_path):
    files = []
    for n, (source, edition, both, only) in enumerate(built):
        for layout, out in (("both", both), ("only", only)):
            files.append((tmp_path / f"{n}-{layout}-{source.stem}.docx", edition))
            shutil.copy(out, files[-1][0])
    result = subprocess.run(  # one LibreOffice start for all of them
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *(str(f) for f, _ in files)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path, edition in files:
        pdf = tmp_path / "pdf" / (path.stem + ".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), (path.name, result.stderr)
        if shutil.which("pdftotext"):
            text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
            first = next(b for b in edition.document.blocks() if b.role == "body")
            assert " ".join(edition.target_of(first).split())[:12] in text, path.name


def test_a_text_box_holds_its_translation_and_grows_to_fit(built):
    _, _, both, _ = built[0]
    root = xml(both)
    wps = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
    box = next(root.iter(wps + "wsp"))
    texts = ["".join(p.itertext()) for p in box.iter(W + "p")]
    assert texts == ["Text inside a box.", "TEXT INSIDE A BOX."]
    assert box.find(f"{wps}bodyPr/{{http://schemas.openxmlformats.org/drawingml/2006/main}}spAutoFit") is not None


def test_the_translated_document_accepts_the_sources_tracked_deletions(built):
    for source, _, both, only in built:
        assert count(only, "delText", "moveFrom")["delText"] == 0, source.name
        assert count(both, "delText") == count(source, "delText"), source.name  # the bilingual one keeps them


def test_a_right_to_left_target_runs_right_to_left(tmp_path):
    edition = capitals(book_docx(tmp_path / "book.docx"), target="ar")
    edition = replace(edition, translations={k: replace(t, target="القمر مضيء.", marks=())
                                             for k, t in edition.translations.items()})
    for layout in ("interleaved", "translation-only"):
        out = render(edition, ["docx"], tmp_path / layout, layout=layout)[0]
        runs = [r for r in xml(out).iter(W + "r") if "القمر" in "".join(t.text for t in r.findall(W + "t"))]
        assert runs and all(r.find(f"{W}rPr/{W}rtl") is not None for r in runs), layout
        made = [r.getparent() for r in runs]
        assert all(p.find(f"{W}pPr/{W}bidi") is not None for p in made), layout
        for p in made:
            tags = [c.tag for c in p.find(W + "pPr")]
            assert tags == sorted(tags, key=PPR_ORDER.index), layout


def test_a_headings_translation_looks_like_it_but_stays_out_of_the_outline(built):
    _, edition, both, _ = built[0]
    read = read_docx_reading(both, language="en").document
    assert [s.title.text for s in read.sections if s.title] == [s.title.text for s in edition.document.sections]
    assert "CHAPTER ONE" in [p.text for s in read.sections for p in s.paragraphs]  # body text to the outline

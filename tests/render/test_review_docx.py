"""The review DOCX, written and read back: rows, hidden data, headings, fonts, comments."""

from __future__ import annotations

import json

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.word.adapter import element_of
from pipeline.errors import RenderError
from pipeline.model import text_hash
from pipeline.render import write_review_docx
from tests.render.conftest import NASTY_SOURCE, NASTY_TARGET, make_edition

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def review(tmp_path, edition):
    path = write_review_docx(edition, tmp_path / "speeches.review.docx")
    return edition, docx.Document(str(path))


def _segment_rows(doc):
    for table in doc.tables:
        for row in table.rows[1:]:
            yield row


def test_one_table_per_section_plus_front_matter_with_the_exact_header(review):
    edition, doc = review
    assert len(doc.tables) == len(edition.document.sections) + 1
    for table in doc.tables:
        assert [c.text for c in table.rows[0].cells] == ["ID", "Source", "Target", "Status", "Terms", "Note"]
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None  # repeats on each page


def test_one_row_per_segment_in_order_with_ids_sources_targets_and_statuses(review):
    edition, doc = review
    rows = list(_segment_rows(doc))
    segments = list(edition.document.segments())
    assert len(rows) == len(segments)
    for row, segment in zip(rows, segments):
        cells = row.cells
        visible_id = cells[0].paragraphs[0].runs[0].text
        assert visible_id == segment.id
        assert cells[1].text == segment.text
        t = edition.translations.get(segment.id)
        assert cells[2].text == (t.target if t else "")
        assert len(cells[2].paragraphs) == 1
        expected_status = "untranslated" if t is None or not t.target else t.status
        assert cells[3].text == expected_status
        assert cells[5].text == (t.note if t else "")


def test_hidden_row_data_is_vanished_and_carries_both_hashes(review):
    edition, doc = review
    for row, segment in zip(_segment_rows(doc), edition.document.segments()):
        runs = row.cells[0].paragraphs[0].runs
        hidden = runs[1]
        assert element_of(hidden).rPr.find(qn("w:vanish")) is not None
        assert element_of(runs[0]).rPr is None or element_of(runs[0]).rPr.find(qn("w:vanish")) is None
        t = edition.translations.get(segment.id)
        target = t.target if t else ""
        assert hidden.text == f"⟦diglot|{segment.id}|{text_hash(segment.text)}|{text_hash(target)}⟧"


def test_first_body_paragraph_is_the_hidden_review_marker_and_core_properties_match(review):
    edition, doc = review
    first = doc.paragraphs[0]
    assert first.runs and all(element_of(r).rPr.find(qn("w:vanish")) is not None for r in first.runs)
    text = first.text
    assert text.startswith("⟦diglot-review|") and text.endswith("⟧")
    meta = json.loads(text[len("⟦diglot-review|"):-1])
    assert meta["document"] == "speeches"
    assert meta["source_language"] == "zh" and meta["target_language"] == "en"
    assert meta["diglot"] == "0.1.0" and meta["exported"] == "2026-11-28T08:00:00Z"
    props = doc.core_properties
    assert props.keywords == "diglot-review"
    assert json.loads(props.subject) == meta
    for needle in ("argos", "translate-zh_en 1.9", "g1a2b3c4", "diglot: 0.1.0"):
        assert needle in props.comments


def test_cover_and_section_headings_are_real_word_headings(review):
    edition, doc = review
    styles = [(p.style.style_id, p.text) for p in doc.paragraphs]
    assert ("Heading1", "新时代的对外开放") in styles
    heading2 = [text for style, text in styles if style == "Heading2"]
    assert heading2 == ["坚持合作共赢 / Upholding Win-Win Cooperation", "共同发展 / Common Development"]
    texts = [p.text for p in doc.paragraphs]
    assert "Opening Up in the New Era" in texts  # the title's translation on the cover
    assert any("外交部部长、国务委员 王明" in t and "Wang Ming" in t for t in texts)  # byline under its heading
    cover = "\n".join(texts[:12])
    assert "Chinese (zh-CN) → English (en-US)" in cover
    assert "edit only the Target and Note columns" in cover and "approved" in cover


def test_east_asian_font_and_language_tags(review):
    edition, doc = review
    normal = doc.styles["Normal"].element
    assert normal.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:eastAsiaTheme")) is None  # a theme font would override w:eastAsia
    row = list(_segment_rows(doc))[2]
    source_run = element_of(row.cells[1].paragraphs[0].runs[0])
    assert source_run.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    assert source_run.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    target_run = element_of(row.cells[2].paragraphs[0].runs[0])
    assert target_run.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-US"
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert b'w:name="Noto Serif CJK SC"' in font_table.blob and b"SimSun" in font_table.blob


def test_missing_and_forbidden_terms_are_comments_anchored_on_their_target_cell(review):
    edition, doc = review
    comments = {c.comment_id: c.text for c in doc.comments}
    assert len(comments) == 2
    anchored = {}
    for row in _segment_rows(doc):
        seg_id = row.cells[0].paragraphs[0].runs[0].text
        for i, cell in enumerate(row.cells):
            for start in element_of(cell).iter(qn("w:commentRangeStart")):
                assert i == 2, "a comment must be anchored in the Target cell"
                anchored[seg_id] = comments[int(start.get(qn("w:id")))]
                ends = list(element_of(cell).iter(qn("w:commentRangeEnd")))
                assert [e.get(qn("w:id")) for e in ends] == [start.get(qn("w:id"))]
    assert set(anchored) == {"p0005.2", "p0006.1"}
    assert "合作" in anchored["p0005.2"] and "cooperation" in anchored["p0005.2"]
    assert "deepening reforms" in anchored["p0006.1"]
    terms = {row.cells[0].paragraphs[0].runs[0].text: row.cells[4].text for row in _segment_rows(doc)}
    assert "MISSING" in terms["p0005.2"]
    assert "FORBIDDEN" in terms["p0006.1"]
    assert "model" in terms["p0005.1"] and "MISSING" not in terms["p0005.1"]


def test_glossary_terms_are_highlighted_in_source_and_target(review):
    edition, doc = review
    row = next(r for r in _segment_rows(doc) if r.cells[0].paragraphs[0].runs[0].text == "p0005.1")

    def highlighted(cell):
        return [r.text for r in cell.paragraphs[0].runs
                if element_of(r).rPr is not None and element_of(r).rPr.find(qn("w:highlight")) is not None]

    assert highlighted(row.cells[1]) == ["改革开放"]
    assert highlighted(row.cells[2]) == ["reform and opening up"]


def test_paragraph_boundaries_are_ruled(review):
    edition, doc = review
    rows = {r.cells[0].paragraphs[0].runs[0].text: r for r in _segment_rows(doc)}

    def ruled(row):
        borders = element_of(row.cells[0]).tcPr.find(qn("w:tcBorders"))
        return borders is not None and borders.find(qn("w:top")) is not None

    assert ruled(rows["p0005.1"]) and not ruled(rows["p0005.2"]) and ruled(rows["p0006.1"])


def test_page_is_landscape_with_title_header_and_page_number_footer(tmp_path, edition):
    for size, (w, h) in (("A4", (16838, 11906)), ("Letter", (15840, 12240))):
        doc = docx.Document(str(write_review_docx(edition, tmp_path / f"{size}.review.docx", page_size=size)))
        section = doc.sections[0]
        assert (section.page_width.twips, section.page_height.twips) == (w, h)
        assert section.header.paragraphs[0].text == "新时代的对外开放"
        instr = [f.get(qn("w:instr")) for f in element_of(section.footer).iter(qn("w:fldSimple"))]
        assert " PAGE " in instr


def test_escaping_source_round_trips_as_text(tmp_path, edition):
    doc = docx.Document(str(write_review_docx(edition, tmp_path / "x.review.docx")))
    row = list(_segment_rows(doc))[-1]
    assert row.cells[1].text == NASTY_SOURCE
    assert row.cells[2].text == NASTY_TARGET


def test_bad_page_size_is_a_render_error(tmp_path, edition):
    with pytest.raises(RenderError, match="page size"):
        write_review_docx(edition, tmp_path / "x.review.docx", page_size="A5")
    assert not list(tmp_path.iterdir())


def test_control_characters_are_dropped_and_hash_matches_what_is_shown(tmp_path):
    spec_edition = make_edition()
    from dataclasses import replace

    sid = "p0005.1"
    t = spec_edition.translations[sid]
    translations = dict(spec_edition.translations)
    translations[sid] = replace(t, target="We must\x0b persist.")
    edition = replace(spec_edition, translations=translations)
    doc = docx.Document(str(write_review_docx(edition, tmp_path / "c.review.docx")))
    row = next(r for r in _segment_rows(doc) if r.cells[0].paragraphs[0].runs[0].text == sid)
    assert row.cells[2].text == "We must persist."
    assert row.cells[0].paragraphs[0].runs[1].text.endswith(f"|{text_hash('We must persist.')}⟧")


def _parts_xml(path):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                yield name, etree.fromstring(z.read(name))


@pytest.mark.parametrize("writer", ["review", "edition", "side-by-side"])
def test_properties_come_once_and_first_as_word_requires(tmp_path, edition, writer):
    """Word refuses a file with two w:pPr in a paragraph or a w:rPr after the text."""
    from pipeline.render import write_edition_docx

    if writer == "review":
        path = write_review_docx(edition, tmp_path / "x.review.docx")
    else:
        path = write_edition_docx(edition, tmp_path / "x.docx", layout="interleaved" if writer == "edition" else writer)
    checked = 0
    for name, root in _parts_xml(path):
        for tag, props in (("p", "pPr"), ("r", "rPr"), ("tc", "tcPr"), ("tr", "trPr"), ("tbl", "tblPr")):
            for element in root.iter(W + tag):
                found = [i for i, child in enumerate(element) if child.tag == W + props]
                assert found in ([], [0]), f"{name}: w:{tag} has w:{props} at {found}"
                checked += 1
    assert checked > 40


@pytest.mark.parametrize("target_language", ["en", "he"])  # he: right-to-left target paragraphs
def test_plain_rows_are_written_as_the_general_path_writes_them(tmp_path, monkeypatch, target_language):
    """Most rows (no term, mark, note or suggestion) take a fast path cut from the general
    path's own XML; the document must not differ by a byte from one written without it."""
    import dataclasses
    import zipfile

    from pipeline.render import review_docx

    edition = dataclasses.replace(make_edition(), target_language=target_language)
    plain = []
    original = review_docx._Writer._plain_row
    monkeypatch.setattr(review_docx._Writer, "_plain_row",
                        lambda self, *a: plain.append(a[1].id) or original(self, *a))
    fast = write_review_docx(edition, tmp_path / "fast.review.docx")
    monkeypatch.setattr(review_docx, "_plain", lambda text: False)
    general = write_review_docx(edition, tmp_path / "general.review.docx")
    assert len(plain) >= 6  # title, subtitle, headings, bylines, plain and untranslated sentences
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(general) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")


def test_a_book_with_hundreds_of_notes_writes_and_reads_back(tmp_path):
    """The note numbers of 300 footnotes do not fit a core property (255 characters): the hidden
    marker holds them all, the subject what fits, and the import reads the whole map."""
    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.review.docx import read_review_docx

    (tmp_path / "source").mkdir()
    body = "\n\n".join(f"Sentence number {n} has a note.[^{n}]" for n in range(1, 301))
    notes = "\n\n".join(f"[^{n}]: The note number {n} says something." for n in range(1, 301))
    (tmp_path / "source" / "book.md").write_text(f"# A Book of Notes\n\n## Chapter\n\n{body}\n\n{notes}\n")
    result = CliRunner().invoke(main, ["build", "--project", str(tmp_path), "--from", "en", "--to", "zh",
                                       "--engine", "none", "--format", "review", "-q"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "output" / "book.review.docx"
    props = docx.Document(str(path)).core_properties
    assert len(props.subject) <= 255 and json.loads(props.subject)["document"] == "book"
    review = read_review_docx(path)
    assert len(review.meta["notes"]) == 300
    result = CliRunner().invoke(main, ["review", "import", str(path), "--project", str(tmp_path), "--dry-run"])
    assert result.exit_code == 0, result.output

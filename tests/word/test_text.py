"""The one text reader: the accepted view of tracked changes, read the same by the source
reader (PartReader) and the review import (text_of, marked_text)."""

from __future__ import annotations

import json

from lxml import etree

from pipeline.model import Mark
from pipeline.word.names import W_NS
from pipeline.word.review_format import DOC_MARK, ROW_MARK, document_marker, row_marker
from pipeline.word.review_text import marked_text, text_of
from pipeline.word.text import DELETED, PartReader, RunLedger, mark_deleted, row_deleted

TRACKED = (
    '<w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
    '<w:del w:id="1" w:author="R"><w:r><w:delText xml:space="preserve">gone </w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="R"><w:r><w:t xml:space="preserve">added </w:t></w:r></w:ins>'
    '<w:moveFrom w:id="3" w:author="R"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>'
    '<w:moveTo w:id="4" w:author="R"><w:r><w:rPr><w:i/></w:rPr><w:t>moved here</w:t></w:r></w:moveTo>'
)


def p(inner: str, ppr: str = ""):
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{ppr}{inner}</w:p>')


def test_both_readers_read_tracked_changes_as_accepted():
    paragraph = p(TRACKED)
    ledger = RunLedger()
    read = PartReader({}, {}, {}, ledger).read(paragraph)
    assert read.text == "Kept added moved here" == text_of(paragraph).strip()
    assert ledger.tracked == 4
    assert sorted(ledger.skipped.values()) == [DELETED, DELETED]
    text, marks = marked_text(paragraph)
    assert text.strip() == read.text
    assert [(m.kind, text[m.start:m.end]) for m in marks] == [("emphasis", "moved here")]
    assert [(m.kind, read.text[m.start:m.end]) for m in read.marks] == [("emphasis", "moved here")]


def test_hidden_runs_are_not_review_text_unless_asked_for():
    paragraph = p('<w:r><w:t>seen</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>unseen</w:t></w:r>'
                  '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>shown</w:t></w:r>')
    assert text_of(paragraph) == "seenshown"
    assert text_of(paragraph, hidden=True) == "seenunseenshown"


def test_a_deleted_paragraph_mark_and_a_deleted_row():
    assert mark_deleted(p("", '<w:pPr><w:rPr><w:del w:id="7" w:author="R"/></w:rPr></w:pPr>'))
    assert not mark_deleted(p("", "<w:pPr/>")) and not mark_deleted(p(""))
    row = etree.fromstring(f'<w:tr xmlns:w="{W_NS}"><w:trPr><w:del w:id="8" w:author="R"/></w:trPr></w:tr>')
    assert row_deleted(row)


def test_the_writers_markers_are_what_the_reader_finds():
    marker = row_marker("p1.2", "源", "Target", "Memory")
    found = ROW_MARK.search(f"p1.2{marker}")
    assert found is not None and found.group(1) == "p1.2" and found.group(4)
    assert ROW_MARK.search(row_marker("p1.2", "源", "Target")).group(4) is None
    meta = {"document": "d", "source_language": "zh"}
    assert json.loads(DOC_MARK.search(document_marker(json.dumps(meta))).group(1)) == meta


def test_what_the_review_writer_formats_the_review_reader_reads_back():
    from pipeline.render.common import Span
    from pipeline.render.ooxml import marked_runs

    text = "plain italic bold code sup"
    marks = (Mark("emphasis", 6, 12), Mark("strong", 13, 17), Mark("code", 18, 22), Mark("superscript", 23, 26))
    xml = marked_runs([Span(text)], marks, None)
    read, found = marked_text(p(xml))
    assert read == text
    assert sorted((m.kind, m.start, m.end) for m in found) == sorted((m.kind, m.start, m.end) for m in marks)


def test_the_document_json_is_read_from_the_marker_or_the_core_properties():
    from pipeline.word.review_format import KEYWORDS, core_meta, marker_meta

    assert marker_meta("no marker") is None
    assert marker_meta(document_marker('{"document": "d"}')) == {"document": "d"}
    assert marker_meta(document_marker("{damaged")) == {}
    assert core_meta("other", '{"document": "d"}') is None
    assert core_meta(KEYWORDS, '{"document": "d"}') == {"document": "d"}
    assert core_meta(KEYWORDS, "[1]") == {}

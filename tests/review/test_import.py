"""Importing an edited review DOCX into a real SQLite memory."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from pipeline.errors import DiglotError, NotAReviewDocument
from pipeline.model import Glossary, ReviewEdit, Term
from pipeline.review import import_review
from tests.review.docx_fixtures import (
    DOC,
    DocxXml,
    machine_targets,
    make_memory,
    sample_edition,
    snapshot,
    sources,
    write_independent,
    write_with_diglot,
)

SRC = sources()
MT = machine_targets()
INS = '<w:ins w:id="{id}" w:author="Reviewer" w:date="2026-01-02T10:00:00Z"><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
DEL = '<w:del w:id="{id}" w:author="Reviewer" w:date="2026-01-02T10:00:00Z"><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
RUN = '<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def current(tm, sid):
    entry = tm.lookup("zh", "en", [SRC[sid]])[SRC[sid]]
    return entry.target, entry.status


def reviewer_edits(path):
    """What the issue asks for: changed targets, a status set, tracked changes, rows reordered and deleted."""
    xml = DocxXml(path)
    xml.set_text("p3.1", "Target", "China's economy kept growing steadily.")
    xml.set_text("p5.1", "Status", "approved")  # target untouched: approve the machine text
    xml.raw_cell("p5.2", "Target", "<w:p>" + RUN.format(text="Green development is ") + DEL.format(id=1, text="the new")
                 + INS.format(id=2, text="a new") + RUN.format(text=" direction.") + "</w:p>")
    xml.set_text("p2.1", "Target", "", "The First", "", "Speech", "")  # extra empty paragraphs
    first, last = xml.row("p5.1"), xml.row("p5.3")
    parent = first.getparent()
    parent.replace(first, copy.deepcopy(last))
    parent.replace(last, first)
    gone = xml.row("p3.2")
    gone.getparent().remove(gone)
    xml.save()
    return path


def test_reviewer_edits_are_stored_and_the_rest_left_alone(memory, review_docx):
    report = import_review(reviewer_edits(review_docx), memory)
    assert dict(report.applied) == {"p3.1": "reviewed", "p5.1": "approved", "p5.2": "reviewed", "p2.1": "reviewed"}
    assert {sid for sid, _ in report.unchanged} == {"p1.1", "p4.1", "p5.3"}
    assert report.conflicts == () and report.rejected == ()
    assert report.missing == ("p3.2",)
    assert current(memory, "p3.1") == ("China's economy kept growing steadily.", "reviewed")
    assert current(memory, "p5.1") == (MT["p5.1"], "approved")
    assert current(memory, "p5.2") == ("Green development is a new direction.", "reviewed")
    assert current(memory, "p2.1") == ("The First Speech", "reviewed")
    assert current(memory, "p3.2") == (MT["p3.2"], "machine")  # deleted row: untouched
    assert current(memory, "p5.3") == (MT["p5.3"], "machine")


def test_importing_the_same_file_twice_changes_nothing_more(memory, review_docx):
    reviewer_edits(review_docx)
    import_review(review_docx, memory)
    before = snapshot(memory)
    again = import_review(review_docx, memory)
    assert again.applied == () and again.conflicts == () and again.rejected == ()
    assert snapshot(memory) == before


def test_dry_run_reports_the_same_and_writes_nothing(memory, review_docx):
    reviewer_edits(review_docx)
    before = snapshot(memory)
    dry = import_review(review_docx, memory, dry_run=True)
    assert dry.dry_run and len(dry.applied) == 4
    assert snapshot(memory) == before
    real = import_review(review_docx, memory)
    assert real.applied == dry.applied and real.unchanged == dry.unchanged


def test_a_target_changed_in_the_memory_since_export_is_a_conflict_and_both_are_kept(memory, review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p3.1", "Target", "The reviewer's text.")
    xml.save()
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Someone else's text.", origin="tmx:other.tmx")])
    report = import_review(review_docx, memory)
    assert [sid for sid, _ in report.conflicts] == ["p3.1"]
    assert "both kept" in report.conflicts[0][1]
    assert current(memory, "p3.1") == ("Someone else's text.", "reviewed")
    stored = list(memory.conflicts())
    assert len(stored) == 1
    text = repr(stored[0])
    assert "The reviewer's text." in text and "Someone else's text." in text


def test_a_segment_whose_source_changed_since_export_is_rejected(memory, review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p3.1", "Target", "Edited.")
    xml.save()
    changed = dict(SRC, **{"p3.1": "中国经济保持快速增长。"})
    memory.record_document(DOC, "zh", "en", list(changed.items()))  # the source was edited and rebuilt
    before = snapshot(memory)
    report = import_review(review_docx, memory)
    assert [sid for sid, _ in report.rejected] == ["p3.1"]
    assert "source changed" in report.rejected[0][1]
    assert snapshot(memory) == before


def test_unknown_and_duplicated_ids_are_rejected_and_nothing_else_suffers(memory, tmp_path):
    rows = [(i, SRC[i], MT[i], "machine", "") for i in SRC]
    rows[2] = ("p3.1", SRC["p3.1"], MT["p3.1"], "machine", "")
    extra = [("p9.9", "不存在的句子。", "A sentence that is not there.", "machine", ""),
             ("p5.1", SRC["p5.1"], MT["p5.1"], "machine", "")]  # p5.1 twice
    path = write_independent(tmp_path / "r.docx", [rows, extra])
    xml = DocxXml(path)
    xml.set_text("p9.9", "Target", "Edited unknown.")
    xml.set_text("p3.2", "Target", "We must stick to high-quality development.")
    xml.save()
    report = import_review(path, memory)
    rejected = dict(report.rejected)
    assert set(rejected) == {"p9.9", "p5.1"}
    assert "unknown segment id" in rejected["p9.9"]
    assert "occurs 2 times" in rejected["p5.1"]
    assert dict(report.applied) == {"p3.2": "reviewed"}
    assert current(memory, "p5.1") == (MT["p5.1"], "machine")


def test_a_file_that_is_not_a_review_document_changes_nothing(memory, tmp_path):
    before = snapshot(memory)
    plain = write_independent(tmp_path / "plain.docx", marker=False)
    with pytest.raises(NotAReviewDocument, match="is not a diglot review document"):
        import_review(plain, memory)
    text = tmp_path / "x.docx"
    text.write_bytes(b"PK not really")
    with pytest.raises(NotAReviewDocument):
        import_review(text, memory)
    assert snapshot(memory) == before


def test_an_import_that_fails_halfway_changes_nothing(memory, review_docx, tmp_path):
    """A real failure inside the transaction: the database refuses one row's write."""
    xml = DocxXml(review_docx)
    xml.set_text("p3.1", "Target", "First edit, applied before the failure.")
    xml.set_text("p5.1", "Target", "BOOM")
    xml.set_text("p5.3", "Target", "Edit after the failing row.")
    xml.save()
    memory.store_review("zh", "en", [ReviewEdit(SRC["p5.2"], "Changed in the memory meanwhile.")])
    reviewed = DocxXml(review_docx)
    reviewed.set_text("p5.2", "Target", "A conflicting edit, recorded before the failure.")
    reviewed.save()
    before = snapshot(memory)
    database = tmp_path / "project" / ".diglot" / "memory.sqlite"
    con = sqlite3.connect(database)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    table = next(t for t in tables if {"source", "target", "status"} <= {c[1] for c in con.execute(f"PRAGMA table_info({t})")})
    for event in ("INSERT", "UPDATE"):
        con.execute(f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON {table} WHEN NEW.target = 'BOOM' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    con.commit()
    con.close()
    with pytest.raises((DiglotError, sqlite3.DatabaseError)):
        import_review(review_docx, memory)
    assert snapshot(memory) == before
    assert current(memory, "p3.1") == (MT["p3.1"], "machine")


def test_an_emptied_target_is_rejected(memory, review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p4.1", "Target", "")
    xml.save()
    report = import_review(review_docx, memory)
    assert [sid for sid, _ in report.rejected] == ["p4.1"]
    assert current(memory, "p4.1") == (MT["p4.1"], "machine")


def test_an_untranslated_segment_filled_in_by_the_reviewer_is_stored(tmp_path):
    tm = make_memory(tmp_path / "project")
    try:
        edition = sample_edition({"p5.3": ("", "untranslated")})
        path = write_with_diglot(tmp_path / "r.docx", edition)
        xml = DocxXml(path)
        xml.set_text("p5.3", "Target", "Innovation drives upgrading.")
        xml.save()
        report = import_review(path, tm)
        # the memory held a machine target the file never showed: that is a change on both sides
        assert [sid for sid, _ in report.conflicts] == ["p5.3"]
    finally:
        tm.close()


def test_the_source_comes_from_the_file_when_the_memory_never_held_it(tmp_path):
    from pipeline.memory import TranslationMemory

    tm = TranslationMemory.for_project(tmp_path / "project")
    try:
        tm.record_document(DOC, "zh", "en", list(SRC.items()))  # built with the "none" engine: no targets stored
        edition = sample_edition({sid: ("", "untranslated") for sid in SRC})
        path = write_with_diglot(tmp_path / "r.docx", edition)
        xml = DocxXml(path)
        xml.set_text("p5.3", "Target", "Innovation drives upgrading.")
        xml.save()
        report = import_review(path, tm)
        assert dict(report.applied) == {"p5.3": "reviewed"}
        assert len(report.unchanged) == len(SRC) - 1
        assert current(tm, "p5.3") == ("Innovation drives upgrading.", "reviewed")
    finally:
        tm.close()


def test_notes_and_reviewer_comments_are_stored_with_the_edit(memory, review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p3.1", "Target", "The economy grew steadily.")
    xml.set_text("p3.1", "Note", "shorter")
    xml.save()
    import_review(review_docx, memory)
    entry = memory.lookup("zh", "en", [SRC["p3.1"]])[SRC["p3.1"]]
    assert entry.note == "shorter"


def test_the_terms_of_the_reviewed_text_are_checked_as_warnings(memory, review_docx):
    glossary = Glossary(terms=(Term(source="合作共赢", target="win-win cooperation"),))
    xml = DocxXml(review_docx)
    xml.set_text("p5.1", "Target", "Mutual benefit is the only choice.")
    xml.set_text("p3.1", "Target", "The economy grew steadily.")
    xml.save()
    report = import_review(review_docx, memory, glossary=glossary)
    assert dict(report.applied) == {"p5.1": "reviewed", "p3.1": "reviewed"}  # a warning, not a block
    assert [sid for sid, _ in report.term_warnings] == ["p5.1"]
    assert "win-win cooperation" in report.term_warnings[0][1]


def test_an_edited_source_cell_does_not_matter_the_memory_has_the_source(memory, review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p3.2", "Source", "改过的原文。")  # only Target and Note are meant to be edited
    xml.set_text("p3.2", "Target", "We must stick to high-quality development.")
    xml.save()
    report = import_review(review_docx, memory)
    assert dict(report.applied) == {"p3.2": "reviewed"}
    assert current(memory, "p3.2") == ("We must stick to high-quality development.", "reviewed")


def test_a_note_added_to_reviewed_text_is_kept_and_on_machine_text_is_reported(memory, review_docx, tmp_path):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.2"], MT["p3.2"])])  # reviewed before this export
    path = write_with_diglot(tmp_path / "again.docx", sample_edition({"p3.2": (MT["p3.2"], "reviewed")}))
    xml = DocxXml(path)
    xml.set_text("p3.2", "Note", "checked against the speech")
    xml.set_text("p4.1", "Note", "a note on machine text")
    xml.save()
    report = import_review(path, memory)
    assert dict(report.applied) == {"p3.2": "note"}
    assert memory.lookup("zh", "en", [SRC["p3.2"]])[SRC["p3.2"]].note == "checked against the speech"
    assert "note alone" in dict(report.unchanged)["p4.1"]


def test_a_document_never_built_in_this_memory_is_refused(tmp_path, review_docx):
    from pipeline.errors import ReviewError
    from pipeline.memory import TranslationMemory

    with TranslationMemory.for_project(tmp_path / "elsewhere") as tm:
        with pytest.raises(ReviewError, match="was never built"):
            import_review(review_docx, tm)


def _repeated_source_file(tmp_path, first: str, second: str):
    """A memory whose document repeats p3.1's sentence as p6.1, and a review file editing both rows."""
    tm = make_memory(tmp_path / "project")
    src = {**SRC, "p6.1": SRC["p3.1"]}
    tm.record_document(DOC, "zh", "en", list(src.items()))
    rows = [(sid, text, MT.get(sid, MT["p3.1"]), "machine", "") for sid, text in src.items()]
    path = write_independent(tmp_path / "r.docx", [rows])
    xml = DocxXml(path)
    xml.set_text("p3.1", "Target", first)
    xml.set_text("p6.1", "Target", second)
    xml.save()
    return tm, path


def test_the_same_source_edited_differently_in_two_rows_is_applied_nowhere(tmp_path):
    tm, path = _repeated_source_file(tmp_path, "The economy grew.", "The economy kept growing.")
    try:
        before = snapshot(tm)
        report = import_review(path, tm)
        assert report.applied == ()
        reasons = dict(report.rejected)
        assert set(reasons) == {"p3.1", "p6.1"}
        assert "the same source is edited differently in rows p3.1 (table 1, row 4) and p6.1 (table 1, row 10)" in reasons["p3.1"]
        assert reasons["p3.1"] == reasons["p6.1"]
        assert snapshot(tm) == before
        assert current(tm, "p3.1") == (MT["p3.1"], "machine")
    finally:
        tm.close()


def test_the_same_source_edited_alike_in_two_rows_is_applied_once(tmp_path):
    tm, path = _repeated_source_file(tmp_path, "The economy grew.", "The economy grew.")
    try:
        report = import_review(path, tm)
        assert dict(report.applied) == {"p3.1": "reviewed", "p6.1": "reviewed"}
        assert report.rejected == ()
        assert current(tm, "p3.1") == ("The economy grew.", "reviewed")
    finally:
        tm.close()

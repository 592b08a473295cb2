"""The translation memory on a real SQLite file."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from pipeline.errors import MemoryBusy, MemoryError_
from pipeline.memory import TranslationMemory
from pipeline.memory.schema import MIGRATIONS, SCHEMA_VERSION
from pipeline.model import MachineTarget, ReviewEdit, text_hash


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory.for_project(tmp_path) as tm:
        yield tm


def test_lives_in_project_dot_diglot_with_wal(tmp_path, memory):
    assert memory.path == tmp_path / ".diglot" / "memory.sqlite"
    db = sqlite3.connect(memory.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_store_and_lookup_by_source(memory):
    written = memory.store_machine("zh", "en", [MachineTarget("你好。", "Hello.", "p1", "t1", '{"terms": []}')])
    assert written == 1
    found = memory.lookup("zh", "en", ["你好。", "再见。"])
    assert list(found) == ["你好。"]
    entry = found["你好。"]
    assert (entry.target, entry.status, entry.producer, entry.term_digest) == ("Hello.", "machine", "p1", "t1")
    assert entry.source_hash == text_hash("你好。") and entry.details == '{"terms": []}'
    assert memory.lookup("zh", "fr", ["你好。"]) == {}


def test_survives_reopening(tmp_path):
    with TranslationMemory.for_project(tmp_path) as tm:
        tm.store_machine("zh", "en", [MachineTarget("一", "one", "p")])
    with TranslationMemory.for_project(tmp_path) as tm:
        assert tm.lookup("zh", "en", ["一"])["一"].target == "one"


def test_machine_rows_are_replaced_reviewed_never(memory):
    memory.store_machine("zh", "en", [MachineTarget("一", "one", "p1"), MachineTarget("二", "two", "p1")])
    assert memory.store_review("zh", "en", [ReviewEdit("一", "One!", origin="review:x.review.docx")]) == 1
    written = memory.store_machine("zh", "en", [MachineTarget("一", "uno", "p2"), MachineTarget("二", "dos", "p2")])
    assert written == 1
    found = memory.lookup("zh", "en", ["一", "二"])
    assert (found["一"].target, found["一"].status) == ("One!", "reviewed")
    assert found["一"].machine_target == "one" and found["一"].producer == "p1"
    assert found["一"].origin == "review:x.review.docx"
    assert (found["二"].target, found["二"].producer) == ("dos", "p2")


def test_review_of_unknown_source_and_approval(memory):
    memory.store_review("zh", "en", [ReviewEdit("三", "three", status="approved", note="checked")])
    entry = memory.lookup("zh", "en", ["三"])["三"]
    assert (entry.status, entry.note, entry.machine_target) == ("approved", "checked", "")
    assert memory.store_review("zh", "en", [ReviewEdit("三", "three", status="approved", note="checked")]) == 0
    with pytest.raises(MemoryError_, match="reviewed or approved"):
        memory.store_review("zh", "en", [ReviewEdit("三", "x", status="machine")])


def test_entries_filter_by_status(memory):
    memory.store_machine("zh", "en", [MachineTarget("一", "one", "p"), MachineTarget("二", "two", "p")])
    memory.store_review("zh", "en", [ReviewEdit("二", "Two")])
    assert {e.source for e in memory.entries("zh", "en")} == {"一", "二"}
    assert [e.source for e in memory.entries("zh", "en", statuses=["reviewed", "approved"])] == ["二"]
    assert list(memory.entries("zh", "en", statuses=[])) == []
    assert memory.count("zh", "en") == 2


def test_documents_record_last_build(memory):
    memory.record_document("speeches", "zh", "en", [("s1", "一"), ("s2", "二")])
    memory.record_document("speeches", "zh", "en", [("s1", "一"), ("s3", "三")])
    assert memory.document_segments("speeches", "zh", "en") == {"s1": text_hash("一"), "s3": text_hash("三")}
    assert list(memory.document_segments("speeches", "zh", "en")) == ["s1", "s3"]
    assert memory.document_segments("other", "zh", "en") == {}


def test_conflicts_keep_both_texts(memory):
    memory.record_conflict("speeches", "s1", "一", "one (memory)", "one (reviewer)", "review:speeches.review.docx")
    (conflict,) = memory.conflicts()
    assert (conflict.memory_target, conflict.reviewer_target, conflict.segment_id) == ("one (memory)", "one (reviewer)", "s1")
    assert memory.conflicts("other") == []


def test_transaction_rolls_back_everything(memory):
    with pytest.raises(RuntimeError):
        with memory.transaction():
            memory.store_review("zh", "en", [ReviewEdit("一", "one")])
            memory.record_conflict("d", "s1", "二", "a", "b", "o")
            raise RuntimeError("import failed half way")
    assert memory.lookup("zh", "en", ["一"]) == {} and memory.conflicts() == []
    with memory.transaction():
        memory.store_review("zh", "en", [ReviewEdit("一", "one")])
        memory.record_conflict("d", "s1", "二", "a", "b", "o")
    assert memory.lookup("zh", "en", ["一"]) and len(memory.conflicts()) == 1


def test_second_writer_waits_for_the_first(tmp_path):
    second = TranslationMemory.for_project(tmp_path, timeout=10)
    release = threading.Event()
    holding = threading.Event()

    def hold():  # another connection, as another process would have
        with TranslationMemory.for_project(tmp_path) as first, first.transaction():
            first.store_machine("zh", "en", [MachineTarget("一", "one", "p")])
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(5)
    threading.Timer(0.3, release.set).start()
    assert second.store_machine("zh", "en", [MachineTarget("二", "two", "p")]) == 1
    thread.join()
    assert set(second.lookup("zh", "en", ["一", "二"])) == {"一", "二"}
    second.close()


def test_busy_memory_fails_in_one_line(tmp_path):
    first = TranslationMemory.for_project(tmp_path)
    second = TranslationMemory.for_project(tmp_path, timeout=0.2)
    with first.transaction():
        first.store_machine("zh", "en", [MachineTarget("一", "one", "p")])
        # readers are not blocked by a writer (WAL)
        assert second.lookup("zh", "en", ["一"]) == {}
        with pytest.raises(MemoryBusy) as caught:
            second.store_machine("zh", "en", [MachineTarget("二", "two", "p")])
    message = str(caught.value)
    assert "another diglot run" in message and str(second.path) in message and "\n" not in message
    first.close()
    second.close()


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / ".diglot" / "memory.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(MemoryError_) as caught:
        TranslationMemory(path)
    assert str(path) in str(caught.value) and "move the file away" in str(caught.value)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "memory.sqlite"
    TranslationMemory(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(MemoryError_, match="newer diglot"):
        TranslationMemory(path)


def test_the_same_conflict_is_recorded_once_while_open(memory):
    for memory_text in ("one (memory)", "one (memory, changed again)"):
        memory.record_conflict("speeches", "s1", "一", memory_text, "one (reviewer)", "review:r.docx")
    (conflict,) = memory.conflicts()
    assert conflict.memory_target == "one (memory, changed again)"
    memory.record_conflict("speeches", "s1", "一", "one (memory)", "another reviewer text", "review:r2.docx")
    assert len(memory.conflicts()) == 2


def test_resolving_keeps_the_reviewers_text_or_the_memorys(memory):
    memory.store_review("zh", "en", [ReviewEdit("一", "one (memory)", note="a note")])
    memory.store_machine("zh", "en", [MachineTarget("二", "two (machine)", "p")])
    memory.record_conflict("d", "s1", "一", "one (memory)", "one (reviewer)", "review:r.docx",
                           source_language="zh", target_language="en")
    memory.record_conflict("d", "s2", "二", "two (machine)", "two (reviewer)", "review:r.docx",
                           source_language="zh", target_language="en")
    first, second = memory.conflicts()
    assert [c.id for c in memory.resolve_conflicts([first.id], "reviewer")] == [first.id]
    entry = memory.lookup("zh", "en", ["一"])["一"]
    assert (entry.target, entry.status, entry.note, entry.origin) == ("one (reviewer)", "reviewed", "a note", "resolved:review:r.docx")
    assert [c.id for c in memory.conflicts()] == [second.id]
    assert memory.resolve_conflicts(None, "memory") == [second]
    assert memory.lookup("zh", "en", ["二"])["二"].target == "two (machine)"
    assert memory.conflicts() == [] and len(memory.conflicts(include_resolved=True)) == 2
    # the same reviewer text, once resolved, may come back as a new conflict
    memory.record_conflict("d", "s2", "二", "two (machine)", "two (reviewer)", "review:r.docx")
    assert len(memory.conflicts()) == 1


def test_resolving_an_unknown_or_closed_conflict_names_it(memory):
    memory.record_conflict("d", "s1", "一", "a", "b", "o", source_language="zh", target_language="en")
    (conflict,) = memory.conflicts()
    memory.resolve_conflicts([conflict.id], "memory")
    with pytest.raises(MemoryError_, match=f"no open conflict with id {conflict.id}, 99; list them"):
        memory.resolve_conflicts([conflict.id, 99], "reviewer")


def test_two_reviewer_texts_for_one_source_are_not_resolved_together(memory):
    for text in ("b", "c"):
        memory.record_conflict("d", "s1", "一", "a", text, "o", source_language="zh", target_language="en")
    with pytest.raises(MemoryError_, match="different reviewer texts for the same source"):
        memory.resolve_conflicts(None, "reviewer")
    assert len(memory.conflicts()) == 2 and memory.lookup("zh", "en", ["一"]) == {}


def test_migration_2_closes_repeated_conflicts_of_a_version_1_memory(tmp_path):
    path = tmp_path / "memory.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    for _ in range(3):
        db.execute("INSERT INTO conflicts (document, segment_id, source, memory_target, reviewer_target, origin, created)"
                   " VALUES ('d', 's1', '一', 'a', 'b', 'o', '2026-01-01')")
    db.execute("INSERT INTO documents VALUES ('d', 'zh', 'en', 's1', 'h', 0, '2026-01-01')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with TranslationMemory(path) as tm:
        (conflict,) = tm.conflicts()
        assert conflict.id == 1 and len(tm.conflicts(include_resolved=True)) == 3
        tm.resolve_conflicts(None, "reviewer")  # no pair recorded: the document's pair is used
        assert tm.lookup("zh", "en", ["一"])["一"].target == "b"

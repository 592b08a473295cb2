"""The reviewer's work across source edits, concurrent runs and stale files, end to end.

A small project (one short speech) is built with the tiny real model through
the command line; the reviewer's edits are made on the review DOCX it wrote
and brought back with `diglot review import`.
"""

from __future__ import annotations

import json
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.lock import build_lock
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit
from tests.review.docx_fixtures import NS, DocxXml

SPEECH = """绿色发展论坛讲话
——论坛演讲选编

推动绿色转型
论坛执行主席 王建华

　　我们要坚持高质量发展，推动绿色转型。中国经济保持稳定增长。各国应加强合作，共同应对挑战。

　　科技创新推动产业升级。我们愿同各方一道努力。
"""
REVIEWED = "We must stick to high-quality development and push the green transition."
SENTENCE = "我们要坚持高质量发展，推动绿色转型。"


@pytest.fixture
def project(tmp_path, argos_packages_dir) -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "speech.txt").write_text(SPEECH, encoding="utf-8")
    return folder


def build(project: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def review_rows(path: Path) -> dict[str, dict[str, str]]:
    """segment id -> the row's cells as Word shows them (hidden data included in ID)."""
    xml = DocxXml(path)
    rows = {}
    for tr in xml.rows():
        cells = ["".join(tc.xpath(".//w:t/text()", namespaces=NS)) for tc in tr.findall("w:tc", NS)]
        if "⟦diglot|" in cells[0]:
            sid = cells[0].split("⟦diglot|")[1].split("|")[0]
            rows[sid] = dict(zip(("ID", "Source", "Target", "Status", "Terms", "Note"), cells))
    return rows


def row_of(path: Path, source: str) -> tuple[str, dict[str, str]]:
    return next((sid, row) for sid, row in review_rows(path).items() if row["Source"] == source)


def review_import(project: Path, path: Path) -> str:
    result = CliRunner().invoke(main, ["review", "import", str(path), "--project", str(project)])
    assert result.exit_code == 0, result.output
    return result.output


def edition_text(project: Path) -> str:
    with zipfile.ZipFile(project / "output" / "speech.epub") as epub:
        return "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))


def review_sentence(project: Path) -> None:
    review = project / "output" / "speech.review.docx"
    sid, _ = row_of(review, SENTENCE)
    xml = DocxXml(review)
    xml.set_text(sid, "Target", REVIEWED)
    xml.save()
    assert "applied: 1" in review_import(project, review)


def edit_source(project: Path, old: str, new: str) -> None:
    path = project / "source" / "speech.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("edit, whole_round", [
    (("推动绿色转型。", "推进绿色转型。"), False),  # a one-character fix
    (("高质量发展，", "高质量发展,"), True),  # ， made ,
])
def test_a_source_edit_after_review_offers_the_reviewed_text_as_a_fuzzy_match(project, edit, whole_round):
    build(project)
    review_sentence(project)
    edit_source(project, *edit)
    new_sentence = SENTENCE.replace(*edit)

    summary = build(project)

    review = project / "output" / "speech.review.docx"
    sid, row = row_of(review, new_sentence)
    assert summary["fuzzy"] == [sid]
    assert row["Target"] == REVIEWED
    assert row["Status"].startswith("fuzzy ") and row["Status"].endswith("%")
    assert f"was «{SENTENCE}»" in row["Note"] and "changed: " in row["Note"]
    assert REVIEWED not in edition_text(project)  # fuzzy = "suggest": the edition keeps machine text
    if not whole_round:
        return

    (project / "diglot.toml").write_text('fuzzy = "use"\n', encoding="utf-8")
    assert build(project)["fuzzy"] == [sid]
    assert REVIEWED in edition_text(project)

    # the reviewer confirms the suggestion: stored as reviewed for the new source
    xml = DocxXml(review)
    xml.set_text(sid, "Status", "reviewed")
    xml.save()
    assert "applied: 1" in review_import(project, review)
    with TranslationMemory.for_project(project) as memory:
        entry = memory.lookup("zh", "en", [new_sentence])[new_sentence]
    assert (entry.target, entry.status, entry.note) == (REVIEWED, "reviewed", "")
    summary = build(project)
    assert summary["fuzzy"] == []
    assert row_of(review, new_sentence)[1]["Status"] == "reviewed"


def test_an_unconfirmed_fuzzy_row_is_left_a_suggestion(project):
    build(project)
    review_sentence(project)
    edit_source(project, "推动绿色转型。", "推进绿色转型。")
    build(project)
    output = review_import(project, project / "output" / "speech.review.docx")
    assert "applied: 0" in output
    with TranslationMemory.for_project(project) as memory:
        entry = memory.lookup("zh", "en", ["我们要坚持高质量发展，推进绿色转型。"])["我们要坚持高质量发展，推进绿色转型。"]
    assert entry.status == "machine"


def test_a_review_file_exported_before_a_typo_fix_still_brings_back_the_unchanged_sentences(project, tmp_path):
    build(project)
    old = tmp_path / "before-the-fix.review.docx"
    old.write_bytes((project / "output" / "speech.review.docx").read_bytes())
    xml = DocxXml(old)
    first, _ = row_of(old, SENTENCE)
    paragraph = [sid for sid in review_rows(old) if sid.split(".")[0] == first.split(".")[0]]
    assert len(paragraph) == 3
    for sid in paragraph:
        xml.set_text(sid, "Target", f"Reviewed {sid}.")
    xml.save()
    edit_source(project, "中国经济保持稳定增长。", "中国经济保持平稳增长。")  # the middle sentence
    build(project)

    output = review_import(project, old)

    assert "applied: 2" in output and "rejected: 1" in output and "source was edited" in output
    assert "matched by source (their paragraph was edited): 2" in output


def test_one_build_at_a_time_the_second_says_who_holds_the_project_or_waits(project):
    build(project)
    with build_lock(project):
        result = CliRunner().invoke(main, ["build", "--project", str(project)])
        assert result.exit_code == 1
        assert f"another diglot build is running in this project (pid {os.getpid()}" in result.stderr
        assert "--wait" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1

    holder_started, release = threading.Event(), threading.Event()

    def hold():
        with build_lock(project):
            holder_started.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holder_started.wait(10)
    threading.Timer(0.5, release.set).start()
    began = time.monotonic()
    summary = build(project, "--wait")
    holder.join()
    assert time.monotonic() - began >= 0.4  # it waited for the holder
    assert summary["translated"] == 0  # and then took everything from the memory


def test_an_import_during_a_build_is_in_the_outputs_and_reported(project):
    from pipeline.build import build as run_build

    build(project)
    imported = []

    def import_meanwhile(done, total):  # another process's import commits while this build translates
        if not imported:
            with TranslationMemory.for_project(project) as other:
                other.store_review("zh", "en", [ReviewEdit(SENTENCE, REVIEWED, origin="review:other.docx")])
            imported.append(True)

    (project / "diglot.toml").write_text('[engine]\nbeam_size = 2\n', encoding="utf-8")  # a new model setting: retranslate
    result = run_build(project, load_settings(project), progress=import_meanwhile)

    assert imported
    sid, row = row_of(project / "output" / "speech.review.docx", SENTENCE)
    assert result.changed_while_building == (sid,)
    assert (row["Target"], row["Status"]) == (REVIEWED, "reviewed")
    assert REVIEWED in edition_text(project)


def test_an_import_while_the_outputs_are_written_is_rendered_once_more(project):
    from pipeline.build import build as run_build

    build(project)
    imported = []

    def import_while_rendering(message):  # "wrote speech: ...": the outputs of the first pass are on disk
        if message.startswith("wrote ") and not imported:
            with TranslationMemory.for_project(project) as other:
                other.store_review("zh", "en", [ReviewEdit(SENTENCE, REVIEWED, origin="review:other.docx")])
            imported.append(True)

    result = run_build(project, load_settings(project), log=import_while_rendering)

    sid, row = row_of(project / "output" / "speech.review.docx", SENTENCE)
    assert imported and result.changed_while_building == (sid,)
    assert (row["Target"], row["Status"]) == (REVIEWED, "reviewed")
    assert REVIEWED in edition_text(project)


def test_outputs_of_a_deleted_source_are_listed_then_pruned(project):
    (project / "source" / "other.txt").write_text("另一篇讲话\n\n　　我们愿同各方一道努力。\n", encoding="utf-8")
    build(project)
    keep = project / "output" / "notes.docx"
    keep.write_bytes(b"the user's own file")
    (project / "source" / "other.txt").rename(project / "source" / "renamed.txt")

    summary = build(project)

    stale = sorted(Path(p).name for p in summary["stale"])
    assert stale == ["other.docx", "other.epub", "other.review.docx", "other.terms.csv", "other.terms.json"]
    assert all(Path(p).exists() for p in summary["stale"])
    result = CliRunner().invoke(main, ["build", "--project", str(project)])
    assert "5 output(s) of sources that are gone (remove them with --prune)" in result.stderr

    summary = build(project, "--prune")
    assert sorted(Path(p).name for p in summary["pruned"]) == stale
    assert not any((project / "output" / name).exists() for name in stale)
    assert keep.read_bytes() == b"the user's own file" and (project / "output" / "renamed.epub").exists()
    assert build(project)["stale"] == []


def test_temporary_files_of_a_killed_run_are_removed_and_a_running_writers_kept(project):
    build(project)
    out = project / "output"
    dead = out / ".speech.epub.999999999.abcd_123.tmp"  # no such pid
    alive = out / f".speech.docx.{os.getppid()}.efgh_456.tmp"  # a running process's write in progress
    dead.write_bytes(b"half an epub")
    alive.write_bytes(b"half a docx")

    summary = build(project)

    assert summary["cleaned"] == [str(dead)]
    assert not dead.exists() and alive.exists()

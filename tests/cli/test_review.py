"""diglot review import / conflicts and diglot export|import tmx|xliff, through click."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit
from tests.review.docx_fixtures import DocxXml, machine_targets, make_memory, sources, write_independent, write_with_diglot

SRC, MT = sources(), machine_targets()


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "project"
    make_memory(folder).close()
    return folder


@pytest.fixture
def edited(tmp_path):
    path = write_with_diglot(tmp_path / "speeches.review.docx")
    xml = DocxXml(path)
    xml.set_text("p3.1", "Target", "The economy grew steadily.")
    xml.set_text("p5.1", "Status", "approved")
    xml.save()
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def entry(project, sid):
    with TranslationMemory.for_project(project) as tm:
        e = tm.lookup("zh", "en", [SRC[sid]])[SRC[sid]]
        return e.target, e.status


def test_review_import_prints_a_summary_with_ids_and_stores_the_edits(project, edited):
    result = run("review", "import", edited, "--project", project)
    assert result.exit_code == 0, result.output
    assert "applied: 2: p3.1 (reviewed), p5.1 (approved)" in result.output
    assert "unchanged: 6" in result.output and "conflicts: 0" in result.output and "rejected: 0" in result.output
    assert entry(project, "p3.1") == ("The economy grew steadily.", "reviewed")


def test_review_import_dry_run_writes_nothing(project, edited):
    result = run("review", "import", edited, "--project", project, "--dry-run")
    assert result.exit_code == 0
    assert "would apply: 2" in result.output and "nothing was written" in result.output
    assert entry(project, "p3.1") == (MT["p3.1"], "machine")


def test_review_import_json_report(project, edited):
    result = run("review", "import", edited, "--project", project, "--json")
    report = json.loads(result.output)
    assert [a["id"] for a in report["applied"]] == ["p3.1", "p5.1"]
    assert report["document"] == "speeches" and report["dry_run"] is False


def test_a_file_that_is_not_a_review_document_is_one_line_and_exit_1(project, tmp_path):
    plain = write_independent(tmp_path / "letter.docx", marker=False)
    result = run("review", "import", plain, "--project", project)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"diglot: error: {plain} is not a diglot review document (export one with diglot build)"
    missing = run("review", "import", tmp_path / "absent.docx", "--project", project)
    assert missing.exit_code == 1 and len(missing.stderr.strip().splitlines()) == 1


def test_conflicts_are_reported_and_listed(project, edited):
    with TranslationMemory.for_project(project) as tm:
        tm.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Changed meanwhile.")])
    result = run("review", "import", edited, "--project", project)
    assert "conflicts: 1" in result.output and "p3.1: changed in the file and in the memory" in result.output
    listed = run("review", "conflicts", "--project", project)
    assert "p3.1" in listed.output
    assert "memory:   Changed meanwhile." in listed.output and "reviewer: The economy grew steadily." in listed.output
    as_json = json.loads(run("review", "conflicts", "--project", project, "--json").output)
    assert as_json[0]["reviewer_target"] == "The economy grew steadily."


def test_export_tmx_then_import_into_another_project(project, tmp_path):
    out = tmp_path / "memory.tmx"
    result = run("export", "tmx", "--project", project, "--out", out)
    assert result.exit_code == 0 and f"{len(SRC)} translation units" in result.output
    other = tmp_path / "volume2"
    imported = run("import", "tmx", out, "--project", other)
    assert imported.exit_code == 0 and f"stored {len(SRC)} as reviewed" in imported.output
    assert entry(other, "p5.2") == (MT["p5.2"], "reviewed")
    reviewed_only = run("export", "tmx", "--project", project, "--out", out, "--reviewed-only")
    assert "(0 translation units, reviewed only)" in reviewed_only.output


def test_export_xliff_of_a_built_source_then_import_it_back(tmp_path):
    from lxml import etree

    project = tmp_path / "book"
    (project / "source").mkdir(parents=True)
    (project / "source" / "speech.txt").write_text("绿色发展\n\n我们要坚持高质量发展。合作共赢是唯一的选择。\n", encoding="utf-8")
    (project / "diglot.toml").write_text('formats = ["xliff"]\n[engine]\nname = "none"\n', encoding="utf-8")
    never_built = tmp_path / "early.xlf"
    refused = run("export", "xliff", "--project", project, "--out", tmp_path)
    assert refused.exit_code == 1 and "no translation memory in" in refused.stderr
    TranslationMemory.for_project(project).close()  # a memory without this document (e.g. from diglot import tmx)
    assert run("export", "xliff", "--project", project, "--out", tmp_path).exit_code == 0
    (tmp_path / "speech.xlf").rename(never_built)
    other = tmp_path / "other"  # a project that never built nor exported this document refuses it
    (other / "source").mkdir(parents=True)
    TranslationMemory.for_project(other).close()
    elsewhere = run("import", "xliff", never_built, "--project", other)
    assert elsewhere.exit_code == 1 and "was never built" in elsewhere.stderr
    early = run("import", "xliff", never_built, "--project", project)  # the export made the memory know it
    assert early.exit_code == 0 and "applied: 0" in early.output and "rejected: 0" in early.output

    built = run("build", "--project", project, "--quiet") if "--quiet" in run("build", "--help").output else run("build", "--project", project)
    assert built.exit_code == 0, built.output
    result = run("export", "xliff", "--project", project, "--out", tmp_path / "out", "--version", "1.2")
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "speech.xlf"
    assert "XLIFF 1.2" in result.output and path.is_file()
    tree = etree.parse(str(path))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units = tree.findall(".//x:trans-unit", ns)
    assert len(units) == 3
    units[1].find("x:target", ns).text = "We must adhere to high-quality development."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    back = run("import", "xliff", path, "--project", project)
    assert back.exit_code == 0 and f"applied: 1: {units[1].get('id')} (reviewed)" in back.output


def test_import_of_a_broken_xliff_is_one_line_and_exit_1(project, tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_text("<xliff", encoding="utf-8")
    result = run("import", "xliff", path, "--project", project)
    assert result.exit_code == 1 and result.stderr.startswith("diglot: error: ") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", [
    ["review", "conflicts"],
    ["export", "tmx"],
    ["export", "xliff"],
    ["review", "import", "{review}"],
    ["import", "xliff", "{xliff}"],
])
def test_commands_that_need_a_memory_refuse_a_folder_without_one(tmp_path, command):
    from pipeline.interchange import write_xliff
    from tests.review.docx_fixtures import sample_edition

    files = {"review": write_with_diglot(tmp_path / "speeches.review.docx"),
             "xliff": write_xliff(sample_edition(), tmp_path / "speeches.xlf")}
    empty = tmp_path / "empty"
    (empty / "source").mkdir(parents=True)
    (empty / "source" / "speech.txt").write_text("绿色发展\n\n我们要坚持高质量发展。\n", encoding="utf-8")
    args = [a.format(**files) for a in command]
    result = run(*args, "--project", empty)
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"diglot: error: no translation memory in {empty.resolve()} (.diglot/memory.sqlite); "
                             "run diglot build there first, or pass --project\n")
    assert not (empty / ".diglot").exists()


def test_import_tmx_may_start_a_memory_in_a_fresh_project(project, tmp_path):
    out = tmp_path / "memory.tmx"
    assert run("export", "tmx", "--project", project, "--out", out).exit_code == 0
    fresh = tmp_path / "fresh"
    result = run("import", "tmx", out, "--project", fresh)
    assert result.exit_code == 0 and (fresh / ".diglot" / "memory.sqlite").is_file()


def test_a_reimported_conflict_is_recorded_once_and_the_summary_says_how_to_resolve(project, edited):
    with TranslationMemory.for_project(project) as tm:
        tm.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Changed meanwhile.")])
    for _ in range(2):
        result = run("review", "import", edited, "--project", project)
        assert "conflicts: 1" in result.output
        assert "diglot review resolve [ID...] --keep reviewer|memory" in result.output
    with TranslationMemory.for_project(project) as tm:
        assert len(tm.conflicts()) == 1


def test_resolve_keep_memory_closes_the_conflict_and_keeps_the_memorys_text(project, edited):
    with TranslationMemory.for_project(project) as tm:
        tm.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Changed meanwhile.")])
    run("review", "import", edited, "--project", project)
    with TranslationMemory.for_project(project) as tm:
        (conflict,) = tm.conflicts()
    result = run("review", "resolve", conflict.id, "--keep", "memory", "--project", project)
    assert result.exit_code == 0 and f"resolved 1 conflict, keeping the memory's text: {conflict.id} (p3.1)" in result.output
    assert entry(project, "p3.1") == ("Changed meanwhile.", "reviewed")
    assert run("review", "conflicts", "--project", project).output.strip() == "no conflicts"
    again = run("review", "resolve", conflict.id, "--keep", "reviewer", "--project", project)
    assert again.exit_code == 1 and f"no open conflict with id {conflict.id}" in again.stderr
    assert entry(project, "p3.1") == ("Changed meanwhile.", "reviewed")


def test_resolve_keep_reviewer_reaches_the_next_build(tmp_path):
    from pipeline.review.docx import read_review_docx

    project = tmp_path / "book"
    (project / "source").mkdir(parents=True)
    (project / "source" / "speech.txt").write_text("绿色发展\n\n我们要坚持高质量发展。合作共赢是唯一的选择。\n", encoding="utf-8")
    (project / "diglot.toml").write_text('formats = ["review", "docx", "epub"]\n[engine]\nname = "none"\n', encoding="utf-8")
    assert run("build", "--project", project).exit_code == 0
    review = project / "output" / "speech.review.docx"
    row = read_review_docx(review).rows[1]
    xml = DocxXml(review)
    xml.set_text(row.segment_id, "Target", "We must hold to high-quality growth.")
    xml.save()
    edited = xml.save(tmp_path / "speech.review.docx")
    with TranslationMemory.for_project(project) as tm:  # someone else's text arrives meanwhile
        tm.store_review("zh", "en", [ReviewEdit(row.source_text, "Another text from the memory.")])
    imported = run("review", "import", edited, "--project", project)
    assert "conflicts: 1" in imported.output

    resolved = run("review", "resolve", "--keep", "reviewer", "--project", project)
    assert resolved.exit_code == 0, resolved.output
    assert "resolved 1 conflict, keeping the reviewer's text (stored as reviewed): " in resolved.output
    with TranslationMemory.for_project(project) as tm:
        found = tm.lookup("zh", "en", [row.source_text])[row.source_text]
        assert (found.target, found.status) == ("We must hold to high-quality growth.", "reviewed")
        assert tm.conflicts() == []

    assert run("build", "--project", project).exit_code == 0
    rebuilt = {r.segment_id: r for r in read_review_docx(review).rows}
    assert rebuilt[row.segment_id].target == "We must hold to high-quality growth."
    from docx import Document as Docx

    edition = "\n".join(p.text for p in Docx(project / "output" / "speech.docx").paragraphs)
    assert "We must hold to high-quality growth." in edition and "Another text from the memory." not in edition

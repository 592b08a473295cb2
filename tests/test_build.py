"""`diglot build` end to end on the shipped sample, with the tiny real model.

Each test works in a copy of the project (source/ + glossary/) in tmp_path,
through the command line, and reads back what a user would: the outputs, the
summary, the translation memory.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.config import BuildSettings
from pipeline.ingest import read_document
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit
from pipeline.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "source").mkdir()
    shutil.copy(ROOT / "source" / "sample.txt", folder / "source")  # the plain-text sample alone
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    return folder


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--project", str(project), *args])


def summary(project: Path, *args: str) -> dict:
    result = run(project, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sample_document():
    return segment_document(read_document(ROOT / "source" / "sample.txt"))


def test_build_writes_every_output_and_keeps_memory_outside_output(project, argos_packages_dir):
    result = run(project)
    assert result.exit_code == 0, result.output
    out = project / "output"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["sample.docx", "sample.epub", "sample.review.docx", "sample.terms.csv", "sample.terms.json"]
    assert (project / ".diglot" / "memory.sqlite").is_file()
    document = sample_document()
    segments = list(document.segments())
    assert re.search(rf"^{len(segments)} segments: 0 from memory, \d+ newly translated", result.stderr, re.M)
    # Every segment has a machine translation in the memory.
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        stored = {row[0] for row in db.execute("SELECT source FROM entries WHERE status = 'machine' AND target != ''")}
    assert {s.text for s in segments} <= stored


def test_second_build_takes_everything_from_memory(project, argos_packages_dir):
    first = summary(project)
    assert first["translated"] > 0 and first["from_memory"] == 0
    second = summary(project)
    assert second["translated"] == 0
    assert second["from_memory"] == first["translated"]
    # Deleting the outputs loses nothing: the memory is elsewhere.
    shutil.rmtree(project / "output")
    third = summary(project)
    assert third["translated"] == 0 and (project / "output" / "sample.epub").is_file()


def test_nothing_dropped_or_shifted_in_the_epub(project, argos_packages_dir):
    assert run(project).exit_code == 0
    document = sample_document()
    with zipfile.ZipFile(project / "output" / "sample.epub") as epub:
        chapters = sorted(n for n in epub.namelist() if re.search(r"section-\d+\.xhtml$", n))
        texts = [epub.read(n).decode("utf-8") for n in chapters]
    assert len(texts) == len(document.sections)
    for section, xhtml in zip(document.sections, texts):
        sources = re.findall(r'<p [^>]*class="source"[^>]*>(.*?)</p>', xhtml, re.S)
        translations = re.findall(r'<p [^>]*class="translation"[^>]*>(.*?)</p>', xhtml, re.S)
        assert len(sources) == len(translations) == len(section.paragraphs)
        assert [re.sub(r"<[^>]+>", "", s) for s in sources] == [p.text for p in section.paragraphs]


def test_terms_are_satisfied_or_flagged_and_reported(project, argos_packages_dir):
    result = summary(project)
    report = json.loads((project / "output" / "sample.terms.json").read_text(encoding="utf-8"))
    occurrences = report["occurrences"]
    assert len(occurrences) == result["terms"]["total"] > 0
    statuses = {o["status"] for o in occurrences}
    assert statuses <= {"model", "nbest", "forced", "missing"}
    satisfied = [o for o in occurrences if o["status"] != "missing" and not o["forbidden_hits"]]
    assert len(satisfied) == result["terms"]["satisfied"]
    # Satisfied means the target term (or a variant) is really in the translation.
    for o in satisfied:
        assert o["found"], o


def test_no_model_installed_stops_with_one_line(project, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty-packages"))
    result = run(project)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "zh" in lines[0] and "en" in lines[0] and "diglot models install zh en" in lines[0]
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_engine_none_writes_a_kit_for_human_translators(project, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty-packages"))
    result = summary(project, "--engine", "none")
    assert result["translated"] == 0
    assert (project / "output" / "sample.review.docx").is_file()
    from docx import Document as Docx

    rows = [row for table in Docx(project / "output" / "sample.review.docx").tables for row in table.rows[1:]]
    assert rows and all(row.cells[2].text == "" and row.cells[3].text == "untranslated" for row in rows)


def test_reviewed_text_survives_a_model_change(project, argos_packages_dir, tmp_path):
    summary(project)
    document = sample_document()
    segment = next(document.sections[0].paragraphs[1].segments.__iter__())
    with TranslationMemory.for_project(project) as memory:
        memory.store_review("zh", "en", [ReviewEdit(segment.text, "A reviewer's own sentence.", "reviewed")])

    # A new model version for the same pair: machine text is redone, reviewed text is not.
    from pipeline.engines.packages import install_from_file, remove_package
    from tests.support.tinymodel import build_argos_package

    newer = build_argos_package(tmp_path / "newer", seed=7, package_version="1.1")
    remove_package("zh", "en")
    install_from_file(newer)
    result = summary(project)
    assert result["translated"] > 0
    assert segment.id in result["reviewed_before_change"]
    epub = zipfile.ZipFile(project / "output" / "sample.epub")
    assert any("A reviewer&#x27;s own sentence." in epub.read(n).decode() or "A reviewer's own sentence." in epub.read(n).decode()
               for n in epub.namelist() if n.endswith(".xhtml"))


def test_broken_glossary_stops_before_any_translation(project, argos_packages_dir):
    (project / "glossary" / "broken.csv").write_text("source,target\n发展,\n", encoding="utf-8")
    result = run(project)
    assert result.exit_code == 1
    assert "broken.csv:2" in result.stderr
    assert not (project / ".diglot").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.txt"], "missing.txt"),
        (["--from", "xx"], "unknown language code 'xx'"),
        (["--format", "pdf"], "unknown output format pdf"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(project, argos_packages_dir, args, message):
    result = run(project, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_interchange_formats_on_request(project, argos_packages_dir):
    result = summary(project, "--format", "tmx,xliff")
    names = sorted(Path(p).name for p in result["outputs"])
    assert names == ["sample.terms.csv", "sample.terms.json", "sample.tmx", "sample.xlf"]


def test_settings_default_to_zh_en():
    assert (BuildSettings().source_language, BuildSettings().target_language) == ("zh", "en")


def test_two_sources_with_one_name_are_refused_not_overwritten(project, argos_packages_dir):
    (project / "source" / "sample.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    result = run(project)
    assert result.exit_code == 1
    assert "has the same name as" in result.stderr and "sample" in result.stderr
    assert not (project / "output").exists()


def test_paths_given_as_flags_are_relative_to_where_the_command_runs(project, argos_packages_dir, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "terms").mkdir(parents=True)
    shutil.copy(ROOT / "glossary" / "terms.csv", elsewhere / "terms" / "main.csv")
    monkeypatch.chdir(elsewhere)
    result = summary(project, "--glossary", "terms/main.csv", "--out", "book")
    assert result["terms"]["total"] > 0
    assert (elsewhere / "book" / "sample.epub").is_file()


def test_engine_none_summary_does_not_call_terms_unsatisfied(project, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty-packages"))
    result = run(project, "--engine", "none")
    assert result.exit_code == 0
    assert "term occurrence(s) for the translators" in result.stderr and "flagged" not in result.stderr

"""The project folder's rules (pipeline.project), on real folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.config import BuildSettings
from pipeline.errors import ConfigError, GlossaryError, MemoryError_, SourceError
from pipeline.project import MEMORY_FILE, Named, Project


def folder(tmp_path: Path, *files: str) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("标题\n\n正文。\n" if not name.endswith(".csv") else "zh,en\n中国,China\n",
                                 encoding="utf-8")
    return root


def test_state_paths_are_under_the_one_state_folder(tmp_path):
    project = Project(tmp_path)
    assert project.memory_path == tmp_path / ".diglot" / "memory.sqlite"
    assert {p.parent for p in (project.memory_path, project.lock_path, project.outputs_record)} == {project.state_dir}


def test_sources_are_the_source_folder_sorted_without_word_owner_files(tmp_path):
    root = folder(tmp_path, "source/b.txt", "source/a.md", "source/~$c.docx", "source/notes.odt", "source/scan.pdf")
    assert [p.name for p in Project(root).sources()] == ["a.md", "b.txt", "scan.pdf"]  # .odt is no source


def test_no_source_folder_and_two_sources_with_one_name_are_refused(tmp_path):
    root = folder(tmp_path, "source/a.txt", "source/a.md")
    with pytest.raises(SourceError, match="same name"):
        Project(root).sources()
    with pytest.raises(SourceError, match="no source/ folder"):
        Project(tmp_path / "elsewhere").sources()


def test_a_source_link_out_of_the_project_is_refused_but_a_named_source_is_taken(tmp_path):
    root = folder(tmp_path, "source/a.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("外面。\n", encoding="utf-8")
    os.symlink(outside, root / "source" / "b.txt")
    with pytest.raises(SourceError, match="outside the project"):
        Project(root).sources()
    assert Project(root, named=Named(sources=(outside,))).sources() == [outside]


def test_inside_is_one_rule_with_named_explicit(tmp_path):
    root = folder(tmp_path)
    project = Project(root)
    assert project.inside(root / "output", named=False) == root / "output"
    os.symlink(tmp_path, root / "up")
    with pytest.raises(ConfigError, match="outside the project"):
        project.inside(root / "up", named=False)
    # the same path named on the command line is the user's to choose, absolute or not
    assert project.inside(root / "up", named=True) == root / "up"


def test_glossaries_from_the_folder_from_settings_and_named(tmp_path):
    root = folder(tmp_path, "glossary/terms.csv", "glossary/more.tsv", "terms/main.csv")
    assert [p.name for p in Project(root, BuildSettings()).glossaries()] == ["more.tsv", "terms.csv"]
    chosen = Project(root, BuildSettings(glossaries=("terms/main.csv",)))
    assert chosen.glossaries() == [root / "terms" / "main.csv"]
    named = tmp_path / "mine.csv"
    assert Project(root, BuildSettings(glossaries=("terms/main.csv",)), Named(glossaries=(named,))).glossaries() == [named]
    os.symlink(tmp_path / "mine.csv", root / "glossary" / "linked.csv")
    with pytest.raises(GlossaryError, match="give it with --glossary"):
        Project(root, BuildSettings()).glossaries()


@pytest.mark.parametrize("out_dir, message", [
    ("../x", "out_dir '../x' is outside the project"),
    ("/tmp/x", "out_dir '/tmp/x' is outside the project"),
    (".", "is the project folder itself"),
    ("", "out_dir is empty"),
])
def test_settings_paths_stay_inside_the_project(tmp_path, out_dir, message):
    with pytest.raises(ConfigError, match=message):
        Project(folder(tmp_path), BuildSettings(out_dir=out_dir))


def test_output_folder_from_settings_or_named(tmp_path):
    root = folder(tmp_path)
    assert Project(root, BuildSettings(out_dir="book")).output_folder() == root / "book"
    assert Project(root, BuildSettings(), Named(out_dir=tmp_path / "away")).output_folder() == tmp_path / "away"


def test_settings_come_from_diglot_toml_and_are_checked_there(tmp_path):
    root = folder(tmp_path)
    (root / "diglot.toml").write_text('out_dir = "book"\n', encoding="utf-8")
    assert Project.load(root).output_folder() == root / "book"
    (root / "diglot.toml").write_text('out_dir = "../book"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        Project.load(root)
    assert error.value.path == str(root / "diglot.toml")


def test_memory_is_refused_where_there_is_none_or_the_folder_is_no_project(tmp_path):
    root = folder(tmp_path, "notes.txt")
    with pytest.raises(MemoryError_, match="no translation memory"):
        Project(root).existing_memory()
    with pytest.raises(MemoryError_, match="is not a diglot project"):
        Project(root).new_or_existing_memory()
    (root / "source").mkdir()
    assert Project(root).new_or_existing_memory() == root / MEMORY_FILE

"""The Markdown sample built with the tiny model: marks on every translation, kept by the memory."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / "green-notes.md", folder / "source")
    shutil.copytree(ROOT / "glossary", folder / "glossary")
    return folder


def build(project: Path) -> dict:
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_links_notes_and_code_survive_translation_and_the_memory(project, argos_packages_dir):
    from pipeline.build import build as run_build
    from pipeline.config import load_settings

    first = build(project)
    assert sum(first["marks"].values()) > 0 and set(first["marks"]) == {"exact", "aligned", "appended"}
    result = run_build(project, load_settings(project))
    (edition,) = result.editions
    assert result.from_memory > 0 and result.translated == 0
    assert result.marks == first["marks"]  # the memory gave back the same marks
    for segment in edition.document.segments():
        translation = edition.translations[segment.id]
        wanted = {(m.kind, m.href) for m in segment.marks if m.kind in ("link", "footnote")}
        assert wanted <= {(m.kind, m.href) for m in translation.marks}, segment.text
        for mark in translation.marks:
            assert 0 <= mark.start <= mark.end <= len(translation.target)
            assert mark.placement in ("exact", "aligned", "appended")
        for mark in segment.marks:
            if mark.kind == "code":
                assert segment.text[mark.start:mark.end] in translation.target
    code = next(p for p in edition.document.blocks() if p.role == "code")
    assert edition.translations[code.segments[0].id].target == code.text

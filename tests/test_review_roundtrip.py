"""The review round trip end to end: build, edit in 'Word', import, build again.

The edits are made on the review DOCX that `diglot build` wrote, in raw XML
the way Word stores them: new targets, a status set to approved, a tracked
insertion and deletion, two rows swapped, one row deleted. After `diglot
review import`, the memory holds the reviewer's text, and the next build puts
it in the EPUB and the edition DOCX, and keeps it after a model change.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.memory import TranslationMemory
from tests.review.docx_fixtures import NS, DocxXml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def built(tmp_path, argos_packages_dir) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "source", project / "source")
    shutil.copytree(ROOT / "glossary", project / "glossary")
    result = CliRunner().invoke(main, ["build", "--project", str(project), "-q"])
    assert result.exit_code == 0, result.output
    return project


def body_ids(docx: DocxXml) -> list[str]:
    ids = []
    for tr in docx.rows():
        hidden = "".join(tr.xpath("./w:tc[1]//w:t/text()", namespaces=NS))
        if "⟦diglot|" in hidden:
            ids.append(hidden.split("⟦diglot|")[1].split("|")[0])
    return ids


def edition_texts(project: Path) -> tuple[str, str]:
    from docx import Document as Docx

    with zipfile.ZipFile(project / "output" / "sample.epub") as epub:
        xhtml = "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
    docx = "\n".join(p.text for p in Docx(project / "output" / "sample.docx").paragraphs)
    return xhtml, docx


def test_edits_from_word_reach_the_memory_and_the_next_edition(built, tmp_path):
    review = built / "output" / "sample.review.docx"
    doc = DocxXml(review)
    ids = body_ids(doc)
    edited, approved, tracked, moved_a, moved_b, deleted = ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]

    doc.set_text(edited, "Target", "The reviewer rewrote this sentence.")
    doc.set_text(approved, "Status", "approved")
    doc.raw_cell(
        tracked, "Target",
        '<w:p><w:r><w:t xml:space="preserve">Kept words </w:t></w:r>'
        '<w:ins w:id="901" w:author="Reviewer" w:date="2026-11-28T00:00:00Z"><w:r><w:t>inserted in Word</w:t></w:r></w:ins>'
        '<w:del w:id="902" w:author="Reviewer" w:date="2026-11-28T00:00:00Z"><w:r><w:delText> deleted words</w:delText></w:r></w:del>'
        '<w:r><w:t>.</w:t></w:r></w:p>',
    )
    row_a, row_b = doc.row(moved_a), doc.row(moved_b)
    parent = row_a.getparent()
    parent.remove(row_b)
    row_a.addprevious(row_b)  # swapped: rows are matched by id, not position
    dropped = doc.row(deleted)
    dropped.getparent().remove(dropped)
    doc.save()

    with TranslationMemory.for_project(built) as memory:
        before = {e.source: e for e in memory.entries("zh", "en")}

    runner = CliRunner()
    dry = runner.invoke(main, ["review", "import", str(review), "--project", str(built), "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    with TranslationMemory.for_project(built) as memory:
        assert {e.source: e for e in memory.entries("zh", "en")} == before  # dry run wrote nothing

    result = runner.invoke(main, ["review", "import", str(review), "--project", str(built), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    applied = {item["id"] for item in report["applied"]}
    assert {edited, approved, tracked} <= applied
    assert not report["conflicts"] and not report["rejected"]
    assert report["missing"] == [deleted]  # a deleted row is reported, not guessed
    unchanged = {item["id"] for item in report["unchanged"]}
    assert {moved_a, moved_b} <= unchanged

    with TranslationMemory.for_project(built) as memory:
        after = {e.target: e for e in memory.entries("zh", "en")}
    assert after["The reviewer rewrote this sentence."].status == "reviewed"
    assert after["Kept words inserted in Word."].status == "reviewed"
    assert "approved" in {e.status for e in after.values()}

    rebuilt = CliRunner().invoke(main, ["build", "--project", str(built), "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    xhtml, docx_text = edition_texts(built)
    for text in ("The reviewer rewrote this sentence.", "Kept words inserted in Word."):
        assert text in xhtml and text in docx_text
    assert "deleted words" not in xhtml

    # The new review DOCX shows the reviewer's status; importing it again changes nothing.
    again = runner.invoke(main, ["review", "import", str(review), "--project", str(built), "--json"])
    assert again.exit_code == 0
    assert not json.loads(again.stdout)["applied"]

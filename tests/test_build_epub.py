"""An EPUB source through the whole job: build with the real (tiny) model, every
output written (review DOCX, edition DOCX, the bilingual book, TMX, XLIFF), a
reviewer's edit imported from Word and shown in the rebuilt book."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.ingest import read_document
from tests.review.docx_fixtures import DocxXml
from tests.support.epubs import chinese_book, novel, scripted


def project_with(tmp_path: Path, make) -> Path:
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    make(project / "source" / "book.epub")
    return project


def test_an_epub_source_gets_every_output_and_a_reviewed_translation_reaches_the_book(tmp_path, argos_packages_dir):
    project = project_with(tmp_path, chinese_book)
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--project", str(project), "--format", "review,docx,epub,tmx,xliff", "--json"])
    assert built.exit_code == 0, built.output
    out = project / "output"
    for name in ("book.review.docx", "book.docx", "book.epub", "book.tmx", "book.xlf"):
        assert (out / name).stat().st_size > 0
    doc = read_document(project / "source" / "book.epub", language="zh")
    from pipeline.interchange.tmx import read_tmx

    tmx_units, _ = read_tmx(out / "book.tmx", "zh", "en")
    emphasised = next(u for u in tmx_units if u.source == "我们要坚持改革开放。")  # <em> travels as bpt/ept
    assert "<bpt " in (out / "book.tmx").read_text("utf-8") and emphasised.target
    assert "发展是第一要务。" in (out / "book.xlf").read_text("utf-8")
    with zipfile.ZipFile(out / "book.epub") as z:
        one = z.read("OEBPS/one.xhtml").decode("utf-8")
    assert one.count('class="diglot-translation"') == 3  # the heading and two paragraphs

    review = DocxXml(out / "book.review.docx")
    segment_id = next(p for s in doc.sections for p in s.paragraphs if p.text.startswith("发展")).id + ".1"
    review.set_text(segment_id, "Target", "Development comes first, says the reviewer.")
    review.save()
    imported = runner.invoke(main, ["review", "import", str(out / "book.review.docx"), "--project", str(project), "--json"])
    assert imported.exit_code == 0, imported.output
    assert segment_id in {item["id"] for item in json.loads(imported.stdout)["applied"]}

    rebuilt = runner.invoke(main, ["build", "--project", str(project), "-q"])
    assert rebuilt.exit_code == 0, rebuilt.output
    with zipfile.ZipFile(out / "book.epub") as z:
        two = z.read("OEBPS/two.xhtml").decode("utf-8")
    assert ('<p class="diglot-translation" xml:lang="en-US" lang="en-US">Development comes first, says the reviewer.</p>'
            in two)


def test_footnotes_are_in_the_review_and_edition_docx(tmp_path):
    from docx import Document as Docx

    project = project_with(tmp_path, novel)
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--from", "en", "--to", "zh",
                                       "--engine", "none", "--format", "review,docx", "-q"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "output" / "book.review.docx") as z:
        assert "The note explains the " in z.read("word/document.xml").decode("utf-8")
    edition = "\n".join(p.text for p in Docx(project / "output" / "book.docx").paragraphs)
    with zipfile.ZipFile(project / "output" / "book.docx") as z:
        notes = z.read("word/footnotes.xml").decode("utf-8") if "word/footnotes.xml" in z.namelist() else ""
    # a referenced note is a real Word footnote; one nobody refers to stays in the Notes section
    assert "The note explains the river." in edition or "The note explains the river." in notes


def test_a_book_with_scripts_is_built_without_them_and_the_build_says_so_once(tmp_path):
    project = project_with(tmp_path, scripted)
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--from", "en", "--to", "zh",
                                       "--engine", "none", "--format", "epub"])
    assert result.exit_code == 0, result.output
    line = ("diglot: warning: 6 scripts removed from book.epub (3 <script> elements, 2 event-handler attributes, "
            "1 javascript: link); 1 script file stays in the package, unused")
    assert result.stderr.splitlines().count(line) == 1
    with zipfile.ZipFile(project / "output" / "book.epub") as z:
        assert not [n for n in z.namelist() if n.endswith((".xhtml", ".svg")) and b"script" in z.read(n)]
    quiet = CliRunner().invoke(main, ["build", "--project", str(project), "--from", "en", "--to", "zh",
                                      "--engine", "none", "--format", "review"])
    assert quiet.exit_code == 0 and "scripts removed" not in quiet.stderr  # no book written, nothing removed

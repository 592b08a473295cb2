"""`diglot build` on a Word source, end to end with the tiny zh→en model.

A `.docx` in source/ is built like a text source: the bilingual NAME.docx is
the source document with its translation put in, and the review DOCX, EPUB,
TMX and XLIFF carry every segment, footnotes included; a reviewer's edit comes
back through `diglot review import` into the next NAME.docx. A hostile or fake
.docx stops the build in one line, before anything is written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.ingest.docx import read_docx_reading
from pipeline.word.names import W
from tests.review.docx_fixtures import DocxXml
from tests.support.docxfiles import bad_files, book_docx, chinese_docx
from tests.test_review_roundtrip import body_ids


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    chinese_docx(folder / "source" / "spring.docx")
    return folder


def build(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--project", str(project), "-q", *args])


def test_a_docx_source_gets_every_output_and_the_reviewers_edit_reaches_its_docx(project, argos_packages_dir):
    source = (project / "source" / "spring.docx").read_bytes()
    result = build(project, "--format", "review,docx,epub,tmx,xliff")
    assert result.exit_code == 0, result.output
    out = project / "output"
    assert {p.name for p in out.iterdir()} >= {"spring.docx", "spring.review.docx", "spring.epub", "spring.tmx",
                                               "spring.xlf"}
    assert (project / "source" / "spring.docx").read_bytes() == source  # the source is never written

    book = read_docx_reading(out / "spring.docx", language="zh").document
    texts = [p.text for p in book.blocks()]
    for original in ("春天的故事", "今天天气很好。我们去公园散步。", "左边的格子。", "这是一个脚注。"):
        assert original in texts
        assert texts[texts.index(original) + 1] not in ("", original)  # followed by its translation
    with zipfile.ZipFile(out / "spring.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    fonts = {f.get(W + "eastAsia") for f in root.iter(W + "rFonts")}
    assert "SimSun" in fonts  # the source's East Asian font is kept
    assert {el.get(W + "val") for el in root.iter(W + "lang")} >= {"en-US"}
    # the bold sentence's mark went through translation: its translation's runs are bold too
    bold = [r for r in root.iter(W + "r") if r.find(f"{W}rPr/{W}rStyle[@{W}val='DiglotTranslation']") is not None
            and r.find(f"{W}rPr/{W}b") is not None]
    assert bold

    with zipfile.ZipFile(out / "spring.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "今天天气很好。" in xhtml and "这是一个脚注。" in xhtml  # notes get a chapter of their own
    note = [p for p in book.notes if p.text == "这是一个脚注。"]
    assert note and "这是一个脚注。" in (out / "spring.tmx").read_text(encoding="utf-8")
    assert "这是一个脚注。" in (out / "spring.xlf").read_text(encoding="utf-8")

    review = DocxXml(out / "spring.review.docx")
    ids = body_ids(review)
    assert len(ids) == sum(len(p.segments) for p in _segmented(project).blocks())  # notes are reviewed too
    review.set_text(ids[2], "Target", "Today the weather is fine.")
    review.save()
    imported = CliRunner().invoke(main, ["review", "import", str(out / "spring.review.docx"), "--project", str(project)])
    assert imported.exit_code == 0, imported.output
    assert build(project).exit_code == 0
    rebuilt = [p.text for p in read_docx_reading(out / "spring.docx", language="zh").document.blocks()]
    assert any(t.startswith("Today the weather is fine.") for t in rebuilt)

    assert build(project, "--layout", "translation-only", "--format", "docx").exit_code == 0
    only = [p.text for p in read_docx_reading(out / "spring.docx", language="en").document.blocks()]
    assert len(only) == len(texts) // 2 and any(t.startswith("Today the weather is fine.") for t in only)


def _segmented(project: Path):
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    return segment_document(read_document(project / "source" / "spring.docx", language="zh"))


def test_a_hostile_or_fake_docx_is_one_line_exit_1_and_nothing_written(tmp_path):
    made = bad_files(book_docx(tmp_path / "book.docx"), tmp_path)
    for name, (path, why) in made.items():
        project = tmp_path / f"p-{name}"
        (project / "source").mkdir(parents=True)
        path.rename(project / "source" / "book.docx")
        result = build(project, "--engine", "none", "--from", "en", "--to", "de")
        assert result.exit_code == 1, (name, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and why in lines[0] and "Traceback" not in result.output, (name, result.stderr)
        assert sorted(p.name for p in project.iterdir()) == ["source"], name  # no output/, no memory


def test_a_docx_source_and_its_output_keep_their_folders_apart_and_tracked_changes_are_a_warning(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    book_docx(project / "source" / "book.docx")
    result = build(project, "--engine", "none", "--from", "en", "--to", "de")
    assert result.exit_code == 0, result.output
    assert (project / "output" / "book.docx").exists()
    assert "tracked change(s): read as if all were accepted" in result.stderr  # a warning, not an error
    again = build(project, "--engine", "none", "--from", "en", "--to", "de")  # output/book.docx is not a source
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (project / "source").iterdir()) == ["book.docx"]


def test_words_owner_file_beside_an_open_document_is_not_a_source(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    book_docx(project / "source" / "book.docx")
    (project / "source" / "~$book.docx").write_bytes(b"\x05Owner" + b"\0" * 156)  # what Word leaves while it is open
    result = build(project, "--engine", "none", "--from", "en", "--to", "de")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "output").iterdir() if p.suffix == ".docx") == ["book.docx", "book.review.docx"]


def test_outputs_written_into_source_never_overwrite_the_word_source(tmp_path):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    source = book_docx(project / "source" / "book.docx")
    before = source.read_bytes()
    result = build(project, "--engine", "none", "--from", "en", "--to", "de", "--out", str(project / "source"))
    assert result.exit_code == 1 and "would overwrite its source book.docx" in result.stderr, result.output
    assert source.read_bytes() == before
    assert sorted(p.name for p in (project / "source").iterdir()) == ["book.docx"]


def test_a_link_that_runs_a_script_reaches_no_output_but_its_text_does(tmp_path):
    """A Word source's javascript:/vbscript: links (a hyperlink, a HYPERLINK field) lose their
    link, keep their words, in the review DOCX, EPUB and XLIFF; a web link stays a link."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from tests.support.docxfiles import _append, p, r

    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    doc = docx.Document()
    script = doc.part.relate_to("JavaScript:alert(document.cookie)", RT.HYPERLINK, is_external=True)
    web = doc.part.relate_to("https://example.org/moon", RT.HYPERLINK, is_external=True)
    _append(doc, p(r("Press ") + f'<w:hyperlink r:id="{script}">{r("this button")}</w:hyperlink>'
                   + r(" or read ") + f'<w:hyperlink r:id="{web}">{r("the moon page")}</w:hyperlink>' + r(".")))
    _append(doc, p(r("Or ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                   ' HYPERLINK "vb\tscript:msgbox(1)" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
                   '</w:r>' + r("that one") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r(".")))
    doc.save(str(folder / "source" / "links.docx"))

    result = CliRunner().invoke(main, ["build", "--project", str(folder), "-q", "--engine", "none",
                                       "--from", "en", "--to", "zh",
                                       "--format", "review,epub,xliff"])
    assert result.exit_code == 0, result.output
    out = folder / "output"
    written = {}
    for name in ("links.review.docx", "links.epub"):
        with zipfile.ZipFile(out / name) as z:
            written[name] = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    written["links.xlf"] = (out / "links.xlf").read_text(encoding="utf-8")
    for name, text in written.items():
        assert "script:" not in text.lower().replace("\t", ""), name
        assert "this button" in text and "that one" in text, name
    assert 'href="https://example.org/moon"' in written["links.epub"]
    assert "https://example.org/moon" in written["links.review.docx"]

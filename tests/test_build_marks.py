"""The Markdown sample built with the tiny model: marks on every translation and in every output."""

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import tiny_model_installed

ROOT = Path(__file__).resolve().parents[1]


def build(project: Path) -> dict:
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built(tmp_path_factory, tiny_argos_model):
    """(project, first build's summary, second build's BuildResult): one build for every test here."""
    from pipeline.build import build as run_build
    from pipeline.config import load_settings

    folder = tmp_path_factory.mktemp("marks")
    project = folder / "project"
    (project / "source").mkdir(parents=True)
    shutil.copy(ROOT / "source" / "green-notes.md", project / "source")
    shutil.copytree(ROOT / "glossary", project / "glossary")
    with tiny_model_installed(folder, tiny_argos_model):
        first = build(project)
        second = run_build(project, load_settings(project))
        yield project, first, second


def test_links_notes_and_code_survive_translation_and_the_memory(built):
    _, first, result = built
    assert sum(first["marks"].values()) > 0 and set(first["marks"]) == {"exact", "aligned", "appended"}
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


def _epub(project: Path) -> dict[str, str]:
    with zipfile.ZipFile(project / "output" / "green-notes.epub") as epub:
        return {n: epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")}


def test_epub_has_formatting_links_noterefs_and_footnote_asides(built):
    from lxml import etree

    project, _, result = built
    (edition,) = result.editions
    pages = _epub(project)
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    trees = {name: etree.fromstring(text.encode("utf-8")) for name, text in pages.items()}  # well-formed, well nested
    for cls in ("source", "translation"):
        paragraphs = [p for t in trees.values() for p in t.iterfind(f".//x:p[@class='{cls}']", ns)]
        hrefs = {a.get("href") for p in paragraphs for a in p.iterfind(".//x:a", ns)}
        assert "https://www.iea.org/reports" in hrefs, cls
        notes = [a for p in paragraphs for a in p.iterfind(".//x:a[@epub:type='noteref']", ns)]
        assert [a.text for a in notes] == ["1", "2"], cls
    assert any(p.find(".//x:strong", ns) is not None for t in trees.values() for p in t.iterfind(".//x:p[@class='source']", ns))
    asides = [a for t in trees.values() for a in t.iterfind(".//x:aside[@epub:type='footnote']", ns)]
    assert [a.get("id") for a in asides] == [f"note-{n.id}" for n in edition.document.notes]
    for aside in asides:
        (back,) = aside.iterfind(".//x:a[@role='doc-backlink']", ns)
        page, ref = back.get("href").split("#")
        assert trees[f"EPUB/{page}"].find(f".//x:a[@id='{ref}']", ns) is not None
    code = next(p for p in edition.document.blocks() if p.role == "code")
    assert sum(text.count(f"<code>{code.text}</code>") for text in pages.values()) == 1
    assert "<code>diglot build</code>" in "".join(re.findall(r'class="translation">(.*?)</p>', "".join(pages.values())))


@pytest.mark.slow
def test_epubcheck_passes_with_marks_and_notes(built):
    from tests.render.test_validation import epubcheck, needs_epubcheck

    if needs_epubcheck.args[0]:
        pytest.skip(needs_epubcheck.kwargs["reason"])
    epubcheck(built[0] / "output" / "green-notes.epub")


def _doc(project: Path, built_result):
    (edition,) = built_result.editions
    paragraph = next(p for p in edition.document.blocks() if any(m.kind == "link" for m in p.marks))
    return edition, paragraph.segments[0]


def test_review_docx_shows_formatting_and_reads_it_back(built):
    from pipeline.review.docx import read_review_docx

    project, _, result = built
    edition, segment = _doc(project, result)
    rows = {row.segment_id: row for row in read_review_docx(project / "output" / "green-notes.review.docx").rows}
    row = rows[segment.id]
    translation = edition.translations[segment.id]
    assert row.target == translation.target  # footnote numbers are not part of the text
    shape = {(m.kind, m.start, m.end, m.href) for m in translation.marks if m.kind in ("link", "footnote", "emphasis")}
    assert shape <= {(m.kind, m.start, m.end, m.href) for m in row.marks}
    assert ("link", "https://www.iea.org/reports") in {(m.kind, m.href) for m in row.marks}


def test_reviewer_italicises_a_word_in_word_and_the_epub_shows_it(built, tmp_path):
    from lxml import etree

    from tests.review.docx_fixtures import NS, W, DocxXml

    source_project, _, result = built
    project = tmp_path / "copy"
    shutil.copytree(source_project, project)
    edition, segment = _doc(project, result)
    review = project / "output" / "green-notes.review.docx"
    doc = DocxXml(review)
    first = doc.cell(segment.id, "Target").find(".//w:r", NS)  # the translation's first words
    rpr = first.find("w:rPr", NS)
    if rpr is None:
        rpr = etree.SubElement(first, f"{{{W}}}rPr")
        first.remove(rpr)
        first.insert(0, rpr)
    fonts = rpr.find("w:rFonts", NS)
    italic = etree.Element(f"{{{W}}}i")
    if fonts is not None:
        fonts.addnext(italic)
    else:
        rpr.insert(0, italic)
    words = "".join(first.itertext()).strip()
    doc.save()

    runner = CliRunner()
    imported = runner.invoke(main, ["review", "import", str(review), "--project", str(project), "--json"])
    assert imported.exit_code == 0, imported.output
    assert {"id": segment.id, "reason": "formatting"} in json.loads(imported.stdout)["applied"]
    rebuilt = runner.invoke(main, ["build", "--project", str(project), "--engine", "none", "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    pages = "".join(_epub(project).values())
    translated = re.findall(r'class="translation">(.*?)</p>', pages)
    line = next(t for t in translated if f"<em>{words}</em>" in t)
    assert 'href="https://www.iea.org/reports"' in line and 'epub:type="noteref"' in line  # nothing else lost


def test_edition_docx_has_real_footnotes_and_hyperlinks(built):
    project, _, result = built
    (edition,) = result.editions
    with zipfile.ZipFile(project / "output" / "green-notes.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        notes = docx.read("word/footnotes.xml").decode("utf-8")
        rels = docx.read("word/_rels/document.xml.rels").decode("utf-8")
        types = docx.read("[Content_Types].xml").decode("utf-8")
    assert re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body) == ["1", "2"]
    for number, note in enumerate(edition.document.notes, 1):
        assert f'<w:footnote w:id="{number}">' in notes and note.text in notes
        assert note.text not in body  # a footnote, not a paragraph of the body
    assert 'Target="https://www.iea.org/reports" TargetMode="External"' in rels
    assert body.count("<w:hyperlink ") >= 2  # in the source and in the translation
    assert "footnotes+xml" in types and "footnotes.xml" in rels


@pytest.mark.slow
def test_libreoffice_puts_the_footnotes_in_place(built, tmp_path):
    import subprocess

    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    project, _, result = built
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(project / "output" / "green-notes.docx")],
                   capture_output=True, timeout=180, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "green-notes.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for number, note in enumerate(result.editions[0].document.notes, 1):
        assert re.search(rf"^{number} {re.escape(note.text[:5])}", text, re.M), text  # numbered at the page foot

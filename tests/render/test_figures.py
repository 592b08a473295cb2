"""Figures of a Markdown source in the EPUB and the edition DOCX: the picture beside the source is embedded, nothing else is."""

import json
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from tests.render.conftest import EPUBCHECK

XHTML = "{http://www.w3.org/1999/xhtml}"


def png(width: int = 2, height: int = 1) -> bytes:
    """A real PNG file (grey pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SOURCE = """# 图片笔记

第一段正文。

![一张风电场的照片](pictures/wind%20farm.png)

![项目外的图片](../outside.png)

![网上的图片](https://example.org/remote.png)

![不存在的图片](pictures/missing.png)
"""


@pytest.fixture
def built(tmp_path) -> Path:
    project = tmp_path / "project"
    (project / "source" / "pictures").mkdir(parents=True)
    (project / "source" / "notes.md").write_text(SOURCE, encoding="utf-8")
    (project / "source" / "pictures" / "wind farm.png").write_bytes(png())
    (tmp_path / "outside.png").write_bytes(png(3, 3))  # beside the project: never read
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--engine", "none", "--format", "epub"])
    assert result.exit_code == 0, result.output
    return project / "output" / "notes.epub"


def test_the_picture_beside_the_source_is_embedded_and_nothing_else(built):
    with zipfile.ZipFile(built) as book:
        pictures = [n for n in book.namelist() if n.lower().endswith((".png", ".jpg", ".jpeg", ".gif"))]
        assert len(pictures) == 1
        assert book.read(pictures[0]) == png()  # byte for byte
        chapter = next(n for n in book.namelist() if n.endswith(".xhtml") and b"<figure" in book.read(n))
        root = etree.fromstring(book.read(chapter))
        opf = book.read(next(n for n in book.namelist() if n.endswith(".opf"))).decode("utf-8")
    (figure,) = root.iter(f"{XHTML}figure")
    (img,) = figure.iter(f"{XHTML}img")
    assert img.get("alt") == "一张风电场的照片"
    assert pictures[0].endswith(img.get("src"))
    assert "一张风电场的照片" in "".join(figure.find(f"{XHTML}figcaption").itertext())
    assert 'media-type="image/png"' in opf
    texts = "".join(root.itertext())
    for alt in ("项目外的图片", "网上的图片", "不存在的图片"):  # kept as their alt text, no picture
        assert alt in texts


@pytest.mark.slow
@pytest.mark.skipif(not EPUBCHECK.exists(), reason="epubcheck is not installed")
def test_an_epub_with_a_figure_passes_epubcheck(built):
    run = subprocess.run(["java", "-jar", str(EPUBCHECK), str(built)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 errors / 0 warnings" in run.stdout


def test_the_edition_docx_holds_the_same_picture(tmp_path):
    project = tmp_path / "project"
    (project / "source" / "pictures").mkdir(parents=True)
    (project / "source" / "notes.md").write_text(SOURCE, encoding="utf-8")
    (project / "source" / "pictures" / "wind farm.png").write_bytes(png())
    (tmp_path / "outside.png").write_bytes(png(3, 3))
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--engine", "none", "--format", "docx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "output" / "notes.docx") as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        assert [docx.read(n) for n in media] == [png()]
        body = docx.read("word/document.xml").decode("utf-8")
    assert body.count("<w:drawing>") == 1 and "一张风电场的照片" in body and "项目外的图片" in body


def test_the_review_docx_shows_the_picture_above_its_alt_text_and_imports_as_before(tmp_path):
    """The reviewer translating an alt text sees the picture; the picture adds no text to the
    row, so an untouched file imports nothing and an edited alt text comes back."""
    from pipeline.memory import TranslationMemory
    from tests.review.docx_fixtures import DocxXml

    project = tmp_path / "project"
    (project / "source" / "pictures").mkdir(parents=True)
    (project / "source" / "notes.md").write_text(SOURCE, encoding="utf-8")
    (project / "source" / "pictures" / "wind farm.png").write_bytes(png(400, 100))
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--engine", "none", "--format", "review"])
    assert result.exit_code == 0, result.output
    review = project / "output" / "notes.review.docx"
    with zipfile.ZipFile(review) as docx:
        assert [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")] == [png(400, 100)]
    xml = DocxXml(review)
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    rows = {"".join(tr.find(f"{W}tc").itertext()): tr for tr in xml.rows()[1:]}
    with_picture = [text for text, tr in rows.items() if tr.find(f".//{W}drawing") is not None]
    assert len(with_picture) == 1 and "一张风电场的照片" in "".join(rows[with_picture[0]].itertext())
    source_cell = rows[with_picture[0]].findall(f"{W}tc")[1]
    extent = source_cell.find(".//{*}extent")
    assert int(extent.get("cx")) <= 4291 * 635 and int(extent.get("cy")) <= 3600 * 635  # fits the Source column
    sid = with_picture[0].split("⟦diglot|")[1].split("|")[0]

    untouched = CliRunner().invoke(main, ["review", "import", str(review), "--project", str(project), "--json"])
    assert untouched.exit_code == 0, untouched.output
    report = json.loads(untouched.stdout)
    assert report["applied"] == [] and report["rejected"] == [] and report["conflicts"] == []
    xml.set_text(sid, "Target", "A photograph of a wind farm")
    xml.save(tmp_path / "edited.review.docx")
    edited = CliRunner().invoke(main, ["review", "import", str(tmp_path / "edited.review.docx"), "--project", str(project)])
    assert edited.exit_code == 0, edited.output
    with TranslationMemory.for_project(project) as memory:
        entry = memory.lookup("zh", "en", ["一张风电场的照片"])["一张风电场的照片"]
    assert (entry.target, entry.status) == ("A photograph of a wind farm", "reviewed")


def test_a_tall_picture_is_no_higher_than_two_and_a_half_inches_in_the_review(tmp_path):
    project = tmp_path / "project"
    (project / "source" / "pictures").mkdir(parents=True)
    (project / "source" / "notes.md").write_text(SOURCE, encoding="utf-8")
    (project / "source" / "pictures" / "wind farm.png").write_bytes(png(100, 2000))
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--engine", "none",
                                       "--format", "review,docx"])
    assert result.exit_code == 0, result.output
    for name, most_high in (("notes.review.docx", 3600 * 635), ("notes.docx", None)):
        with zipfile.ZipFile(project / "output" / name) as docx:
            root = etree.fromstring(docx.read("word/document.xml"))
        (extent,) = root.iter("{*}extent")
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        assert abs(cx / cy - 100 / 2000) < 0.01  # proportions kept
        if most_high:
            assert cy <= most_high


def test_a_picture_wider_than_the_page_is_scaled_to_the_text_width_in_the_edition_docx(tmp_path):
    project = tmp_path / "project"
    (project / "source" / "pictures").mkdir(parents=True)
    (project / "source" / "notes.md").write_text(SOURCE, encoding="utf-8")
    (project / "source" / "pictures" / "wind farm.png").write_bytes(png(3000, 300))  # 41" at 72 dpi
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--engine", "none", "--format", "docx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "output" / "notes.docx") as docx:
        root = etree.fromstring(docx.read("word/document.xml"))
    (extent,) = root.iter("{*}extent")
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert cx <= 7 * 914400 and abs(cx / cy - 10) < 0.01  # within an A4 page's text, proportions kept

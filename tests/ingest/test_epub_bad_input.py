"""Books that cannot be read safely are refused in one line, exit 1, nothing written;
sloppy ones that readers still open are read (malformed XHTML with a warning)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.support.epubs import make_epub, novel, page

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "epub"
CHAPTER = [("ch1.xhtml", "<h1>One</h1>\n<p>A sentence to translate.</p>")]
ENCRYPTION = (b'<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
              b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
              b'<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
              b'<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
              b'</enc:EncryptedData></encryption>')


def build(project: Path):
    return CliRunner().invoke(main, ["build", "--project", str(project), "--from", "en", "--to", "zh",
                                     "--engine", "none", "--format", "epub,review", "-q"])


def project_with(tmp_path: Path, make) -> Path:
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    make(project / "source" / "book.epub")
    return project


def drm(path):
    make_epub(path, CHAPTER, extra={"META-INF/encryption.xml": ENCRYPTION})


def not_an_epub(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "just a zip")


def truncated(path):
    novel(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zip_bomb(path):
    make_epub(path, CHAPTER, extra={"OEBPS/big.xhtml": b"\0" * (40 << 20)})


def xxe(path):
    hostile = ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
               '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>&xxe;</p></body></html>')
    make_epub(path, CHAPTER, pages={"ch1.xhtml": hostile})


def external_dtd(path):
    hostile = ('<?xml version="1.0"?>\n<!DOCTYPE html SYSTEM "http://evil.example/x.dtd">\n'
               '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><p>Hi there.</p></body></html>')
    make_epub(path, CHAPTER, pages={"ch1.xhtml": hostile})


@pytest.mark.parametrize("make, says", [
    (drm, "DRM-protected"),
    (not_an_epub, "not an EPUB"),
    (truncated, "cut short"),
    (zip_bomb, "zip bomb"),
    (xxe, "refused"),
    (external_dtd, "external DTD"),
])
def test_unreadable_or_unsafe_books_are_one_line_exit_1_and_nothing_written(tmp_path, make, says):
    project = project_with(tmp_path, make)
    result = build(project)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "book.epub" in lines[0], result.output
    assert "Traceback" not in result.output
    assert not (project / "output").exists() or not any((project / "output").iterdir())


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_the_real_truncated_epub_is_refused(tmp_path):
    project = project_with(tmp_path, lambda p: p.write_bytes(
        (CORPUS / "epubcheck-ocf-zip-unreadable-no-end-header-fatal.epub").read_bytes()))
    result = build(project)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output


def test_a_sloppy_zip_that_readers_open_is_read(tmp_path):
    def sloppy(path):
        make_epub(path, CHAPTER, mimetype_first=False,
                  extra={"__MACOSX/OEBPS/._ch1.xhtml": b"\0\5\26\7junk", "__MACOSX/._mimetype": b"junk"})

    project = project_with(tmp_path, sloppy)
    result = build(project)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "output" / "book.epub") as out:
        assert out.namelist()[0] == "mimetype"
        assert not [n for n in out.namelist() if n.startswith("__MACOSX")]


def test_malformed_xhtml_is_read_leniently_with_a_warning_naming_the_entry(tmp_path):
    broken = page("<h1>One</h1>\n<p>A&nbsp;sentence<br> to translate.</p>\n<p>Second one.")
    project = project_with(tmp_path, lambda p: make_epub(p, CHAPTER, pages={"ch1.xhtml": broken}))
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "OEBPS/ch1.xhtml" in result.output and "leniently" in result.output
    from pipeline.ingest import read_document

    doc = read_document(project / "source" / "book.epub", language="en")
    assert [p.text for s in doc.sections for p in s.paragraphs][-2:] == ["A\xa0sentence\nto translate.", "Second one."]

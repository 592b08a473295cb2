"""Books that cannot be read safely are refused in one line, exit 1, nothing written;
sloppy ones that readers still open are read (malformed XHTML with a warning)."""

from __future__ import annotations

import os
import warnings
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


def fonts_obfuscated_chapter(path):
    """encryption.xml claims font obfuscation for a chapter: random bytes where the text should be."""
    claim = ENCRYPTION.replace(b"http://www.w3.org/2001/04/xmlenc#aes128-cbc", b"http://www.idpf.org/2008/embedding")
    make_epub(path, CHAPTER, extra={"META-INF/encryption.xml": claim, "OEBPS/ch1.xhtml": os.urandom(4000)})


def deep_nesting(path):
    body = "<div>" * 300 + "<p>Deep inside.</p>" + "</div>" * 300 + "<p>After the depth.</p>"
    make_epub(path, CHAPTER, pages={"ch1.xhtml": page(body)})


def climbing_member(path):
    make_epub(path, CHAPTER, extra={"../../outside.txt": b"climbs out"})


def absolute_member(path):
    make_epub(path, CHAPTER, extra={"/etc/cron.d/x": b"absolute"})


def twice_named_member(path):
    make_epub(path, CHAPTER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate it writes
        with zipfile.ZipFile(path, "a") as zf:
            zf.writestr("OEBPS/ch1.xhtml", page("<p>The later one.</p>"))


@pytest.mark.parametrize("make, says", [
    (drm, "DRM-protected"),
    (fonts_obfuscated_chapter, "DRM-protected (META-INF/encryption.xml encrypts OEBPS/ch1.xhtml)"),
    (deep_nesting, "OEBPS/ch1.xhtml: refused: its elements nest more than 256 deep"),
    (climbing_member, "'../../outside.txt' is named outside the archive"),
    (absolute_member, "'/etc/cron.d/x' is named outside the archive"),
    (twice_named_member, "two members are named 'OEBPS/ch1.xhtml'"),
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


def test_a_book_whose_members_inflate_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    import pipeline.archive

    monkeypatch.setattr(pipeline.archive, "MAX_TOTAL_BYTES", 1 << 20)  # 19,000 members of 1 MB, scaled down
    pictures = {f"p{i}.png": os.urandom(300_000) for i in range(4)}
    project = project_with(tmp_path, lambda p: make_epub(p, CHAPTER, images=pictures))
    result = build(project)
    assert result.exit_code == 1 and "inflate to more than 1 MB in all" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_a_book_that_understates_its_sizes_is_stopped_by_what_it_inflates_to(tmp_path, monkeypatch):
    import pipeline.archive

    pictures = {f"p{i}.png": os.urandom(300_000) for i in range(4)}
    path = make_epub(tmp_path / "book.epub", CHAPTER, images=pictures)
    monkeypatch.setattr(pipeline.archive, "MAX_TOTAL_BYTES", 1 << 20)
    monkeypatch.setattr(pipeline.archive, "_refusal", lambda infos, what, **limits: "")  # as if the listing lied
    from pipeline.errors import SourceError
    from pipeline.ingest import read_document

    with pytest.raises(SourceError, match="inflate to more than 1 MB in all"):
        read_document(path, language="en")


def test_an_obfuscated_font_is_not_drm(tmp_path):
    claim = (ENCRYPTION.replace(b"http://www.w3.org/2001/04/xmlenc#aes128-cbc", b"http://www.idpf.org/2008/embedding")
             .replace(b"OEBPS/ch1.xhtml", b"OEBPS/fonts/Serif.otf"))
    project = project_with(tmp_path, lambda p: make_epub(p, CHAPTER, extra={
        "META-INF/encryption.xml": claim, "OEBPS/fonts/Serif.otf": os.urandom(2000)}))
    result = build(project)
    assert result.exit_code == 0, result.output
    assert (project / "output" / "book.epub").is_file()

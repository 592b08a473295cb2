"""pipeline.archive: ZIPs read with limits, refused in one line naming the file."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from pipeline.archive import open_zip
from pipeline.errors import ReviewError, SourceError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_members_are_listed_and_read(tmp_path):
    path = make_zip(tmp_path / "book.epub", {"mimetype": b"application/epub+zip", "OEBPS/a.xhtml": b"<html/>"})
    with open_zip(path) as archive:
        assert archive.names() == ["mimetype", "OEBPS/a.xhtml"]
        assert "OEBPS/a.xhtml" in archive and "OEBPS/b.xhtml" not in archive
        assert archive.read("mimetype") == b"application/epub+zip"
        with archive.open("OEBPS/a.xhtml") as stream:
            assert stream.read(3) == b"<ht" and stream.read() == b"ml/>"
        with pytest.raises(KeyError):
            archive.read("OEBPS/b.xhtml")


def test_a_zip_bomb_is_refused_by_ratio_before_it_is_inflated_whole(tmp_path):
    path = make_zip(tmp_path / "bomb.docx", {"word/document.xml": b"<w>" + b"a" * 30_000_000 + b"</w>"})
    with open_zip(path, what="DOCX") as archive:
        with pytest.raises(SourceError) as caught:
            archive.read("word/document.xml")
    message = str(caught.value)
    assert message.startswith(f"{path}: is refused: word/document.xml inflates more than 100 times")
    assert "not a DOCX diglot can read safely" in message and "\n" not in message


def test_a_member_that_lies_about_its_size_stops_at_the_limit(tmp_path):
    path = make_zip(tmp_path / "lies.epub", {"big.xhtml": os.urandom(300_000)})  # incompressible: ratio ~1
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # claim 100 bytes inflated in the central directory
    data[central + 24: central + 28] = struct.pack("<I", 100)
    path.write_bytes(bytes(data))
    with open_zip(path, max_part_bytes=200_000) as archive:
        with pytest.raises(SourceError, match="big.xhtml"):
            with archive.open("big.xhtml") as stream:
                while stream.read(65536):
                    pass


def test_a_part_over_the_size_limit_is_refused_streaming(tmp_path):
    path = make_zip(tmp_path / "book.epub", {"big.xhtml": os.urandom(300_000)})
    with open_zip(path, max_part_bytes=100_000) as archive:
        with pytest.raises(SourceError, match="big.xhtml inflates to more than"):
            archive.read("big.xhtml")


@pytest.mark.parametrize("content, message", [
    (b"just text, not a zip", "is not an EPUB (not a ZIP archive)"),
    (b"PK\x03\x04" + b"\x00" * 40, "is cut short (the ZIP has no central directory)"),
    (b"", "is not an EPUB (not a ZIP archive)"),
])
def test_what_is_not_a_whole_zip_is_one_line(tmp_path, content, message):
    path = tmp_path / "book.epub"
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        open_zip(path)
    assert str(caught.value) == f"{path}: {message}" + ("; copy or download it again" if "cut" in message else "")


def test_an_encrypted_member_is_refused_with_what_to_do(tmp_path):
    path = make_zip(tmp_path / "secret.docx", {"word/document.xml": b"<w/>"})
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + flag_at] |= 0x1
    path.write_bytes(bytes(data))
    with open_zip(path, what="DOCX", error=ReviewError) as archive:
        with pytest.raises(ReviewError, match="is encrypted .*save it again without a password"):
            archive.read("word/document.xml")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "missing"])
def test_what_is_not_a_regular_file_is_refused_without_hanging(tmp_path, kind):
    path = {"fifo": tmp_path / "book.epub", "device": Path("/dev/zero"), "folder": tmp_path, "missing": tmp_path / "no.epub"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(SourceError) as caught:
        open_zip(path)
    expected = {"fifo": "is a named pipe (FIFO), not a regular file", "device": "is a device, not a regular file",
                "folder": "is a folder, not an EPUB", "missing": "no such file"}[kind]
    assert str(caught.value).startswith(f"{path}: {expected}")


@pytest.mark.parametrize("name", ["docx/poi-truncated62886.docx", "epub/epubcheck-ocf-zip-unreadable-no-end-header-fatal.epub"])
def test_real_truncated_archives_are_one_line(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("the shared corpus is not here")
    with pytest.raises(SourceError, match=r"is cut short \(the ZIP has no central directory\)"):
        open_zip(path)

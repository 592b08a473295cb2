"""Hostile files handed to diglot: glossaries, review DOCX, TMX, XLIFF, model packages.

Each is a real file run through the CLI in a subprocess under memory and CPU
limits; a refusal is exit code 1 and one line naming the file (and part and
line where there is one), never a traceback, never half-read.
"""

from __future__ import annotations

import os
import sqlite3
import zipfile

import pytest

from tests.hostile.conftest import refused

ENTITY_DOCTYPE = '<!DOCTYPE x [<!ENTITY x "LEAKED">]>'


@pytest.mark.parametrize("name, content, says", [
    ("nul.csv", "source,target\n网络\x00空间,cyberspace\n",
     "nul.csv:2: the source term '网络\\x00空间' holds the control character U+0000, which no text holds"),
    ("quote.csv", 'source,target\n"网络空间,cyberspace\n人工智能,AI\n',
     "quote.csv:2: a quote opened on this line is never closed, so the rest of the file was read as one field"),
    ("laughs.tbx", '<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY a "ha">\n'
     + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
     + ']>\n<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&i;</term></tig></langSet>'
       '</termEntry></body></text></martif>',
     "laughs.tbx:3: refused: the XML declares the XML entities a, b, c"),
])
def test_broken_glossaries_are_one_line_with_file_and_line(world, name, content, says):
    path = world.project / name
    path.write_text(content, encoding="utf-8")
    refused(world.run("glossary", "check", name), says)


def test_a_glossary_with_two_byte_order_marks_is_read(world):
    (world.project / "bom.csv").write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfsource,target\n\xe5\x8f\x91\xe5\xb1\x95,development\n")
    result = world.run("glossary", "check", "bom.csv")
    assert result.returncode == 0 and "1 terms in 1 file(s), no problems" in result.stdout + result.stderr


def test_a_glossary_that_is_a_fifo_says_so(world):
    os.mkfifo(world.project / "pipe.csv")
    refused(world.run("glossary", "check", "pipe.csv", wall_seconds=20), "pipe.csv: is a named pipe (FIFO)")


# -- review DOCX ----------------------------------------------------------------------------


@pytest.fixture
def review(world):
    """A project with a memory and its review DOCX (written by diglot), as a reviewer gets it."""
    from tests.review.docx_fixtures import make_memory, write_with_diglot

    make_memory(world.project).close()
    return write_with_diglot(world.project / "speeches.review.docx")


def _replace_part(path, part: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[part] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)


def _memory_rows(project) -> list:
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        return db.execute("SELECT * FROM entries ORDER BY 1").fetchall()


def test_an_entity_in_a_review_docx_is_refused_not_dropped_with_the_text_after_it(world, review):
    with zipfile.ZipFile(review) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    xml = xml.replace("Green development is the new direction.", "LEAK[&x;] and the rest")
    head, body = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
    _replace_part(review, "word/document.xml", ((head + "?>" if head else "") + ENTITY_DOCTYPE + body).encode())
    before = _memory_rows(world.project)
    refused(world.run("review", "import", review.name),
            "speeches.review.docx: word/document.xml, line 1: refused: the XML declares the XML entity x")
    assert _memory_rows(world.project) == before


def test_a_zip_bomb_review_docx_is_refused_in_bounded_memory(world, review):
    with zipfile.ZipFile(review) as z:
        xml = z.read("word/document.xml")
    padded = xml.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 10_000_000, 1)  # 60 MB from 60 KB
    _replace_part(review, "word/document.xml", padded)
    refused(world.run("review", "import", review.name, memory_mb=1024),
            "speeches.review.docx: is refused: word/document.xml inflates more than 100 times its compressed size")


def test_a_truncated_review_docx_is_one_line(world, review):
    data = review.read_bytes()
    review.write_bytes(data[: len(data) // 2])
    refused(world.run("review", "import", review.name),
            "speeches.review.docx: is cut short (the ZIP has no central directory)")


# -- TMX, XLIFF -----------------------------------------------------------------------------


def test_an_entity_in_a_tmx_is_refused_and_nothing_stored(world):
    (world.project / "source").mkdir()
    (world.project / "m.tmx").write_text(
        f'<?xml version="1.0"?>\n{ENTITY_DOCTYPE.replace("x [", "tmx [")}\n<tmx version="1.4"><header/><body>\n'
        '<tu><tuv xml:lang="zh"><seg>源</seg></tuv><tuv xml:lang="en"><seg>LEAK[&x;]</seg></tuv></tu></body></tmx>',
        encoding="utf-8")
    refused(world.run("import", "tmx", "m.tmx"), "m.tmx:2: refused: the XML declares the XML entity x")
    assert not (world.project / ".diglot").exists()


def test_an_entity_in_an_xliff_is_refused(world, review):
    (world.project / "r.xlf").write_text(
        f'<?xml version="1.0"?>\n{ENTITY_DOCTYPE.replace("x [", "xliff [")}\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh" trgLang="en">'
        '<file id="f1" original="speeches"><unit id="p3.1"><segment><source>中国经济保持稳定增长。</source>'
        '<target>LEAK[&x;]</target></segment></unit></file></xliff>', encoding="utf-8")
    refused(world.run("import", "xliff", "r.xlf"), "r.xlf:2: refused: the XML declares the XML entity x")


def test_import_tmx_in_a_folder_that_is_not_a_project_creates_nothing(world):
    (world.project / "notes.txt").write_text("someone's home folder\n", encoding="utf-8")
    (world.project / "m.tmx").write_text(
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>源</seg></tuv>'
        '<tuv xml:lang="en"><seg>Source</seg></tuv></tu></body></tmx>', encoding="utf-8")
    refused(world.run("import", "tmx", "m.tmx"), "is not a diglot project (no source/, diglot.toml or .diglot/)")
    assert not (world.project / ".diglot").exists()


# -- engine and models ----------------------------------------------------------------------


@pytest.fixture
def installed(world, tiny_argos_model, monkeypatch):
    """The tiny zh→en model installed in the subprocesses' packages folder."""
    from pipeline.engines.packages import install_from_file

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(world.home / "packages"))
    install_from_file(tiny_argos_model)
    return world.home / "packages"


def test_cuda_without_a_gpu_is_one_line(world, installed):
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    world.source()
    refused(world.run("build", "--device", "cuda", memory_mb=4096),
            "--device cuda: CTranslate2 finds no usable GPU here", "use --device cpu")


def test_huge_threads_and_beam_one_run_as_asked_with_one_note(world, installed):
    world.source()
    world.config("[engine]\nthreads = 100000\n")
    result = world.run("build", "--beam-size", "1", "--format", "review", memory_mb=4096)
    assert result.returncode == 0, result.stderr[-2000:]
    notes = [line for line in result.stderr.splitlines() if "threads = 100000" in line]
    assert notes == [f"diglot: warning: threads = 100000 is more than the {os.cpu_count()} cores here; "
                     f"decoding with {os.cpu_count()}"]
    with sqlite3.connect(world.project / ".diglot" / "memory.sqlite") as db:
        producers = {row[0] for row in db.execute("SELECT producer FROM entries")}
    assert producers and all("beam=1;" in p for p in producers)  # the beam that ran is the beam recorded


def test_a_package_with_damaged_weights_replaces_nothing(world, installed, tiny_argos_model):
    bad = world.project / "bad.argosmodel"
    with zipfile.ZipFile(tiny_argos_model) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, data[: len(data) // 2] if info.filename.endswith("model.bin") else data)
    before = sorted(p.name for p in installed.iterdir())
    refused(world.run("models", "install", bad.name, memory_mb=4096),
            "bad.argosmodel: the package does not load or translate", "nothing was replaced")
    assert sorted(p.name for p in installed.iterdir()) == before
    listed = world.run("models", "list")
    assert listed.returncode == 0 and "zh" in listed.stdout

"""Roles that real-world text brings (subheading, note) reach every output: a
sub-head is rendered as a heading, an editor's note or endnote as a paragraph."""

from __future__ import annotations

import zipfile

import docx
import pytest

from pipeline.ingest import read_text
from pipeline.model import Edition, Provenance, Translation
from pipeline.render import render, write_epub
from pipeline.segment import segment_document
from tests.render.test_validation import epubcheck, needs_epubcheck

I = "\u3000\u3000"
SOURCE = "\n".join([
    "论坛发言摘编",
    "",
    I + "编者按：本版摘编部分嘉宾的发言。",
    I + "——编 者",
    "",
    "以改革开放推动高质量发展",
    "国家发展和改革委员会副主任 王建华",
    I + "一、坚持创新驱动",
    I + "创新是引领发展的第一动力。",
])


def _edition():
    document = segment_document(read_text(SOURCE, name="roles"))
    translations = {s.id: Translation(s.id, s.text, f"EN {s.text}", "machine") for s in document.segments()}
    return Edition(document, "zh", "en", translations, Provenance(engine="test"))


def test_subheading_is_a_heading_and_note_a_paragraph_in_every_output(tmp_path):
    edition = _edition()
    document = edition.document
    roles = [(p.role, p.text) for s in document.sections for p in s.paragraphs]
    assert roles == [("note", "编者按：本版摘编部分嘉宾的发言。"), ("note", "——编 者"),
                     ("subheading", "一、坚持创新驱动"), ("body", "创新是引领发展的第一动力。")]
    review, edition_docx, epub = render(edition, ["review", "docx", "epub"], tmp_path)

    paragraphs = {p.text: p.style.name for p in docx.Document(str(edition_docx)).paragraphs}
    assert paragraphs["一、坚持创新驱动"] == "Heading 2"
    assert paragraphs["编者按：本版摘编部分嘉宾的发言。"] == paragraphs["创新是引领发展的第一动力。"]

    with zipfile.ZipFile(epub) as z:
        chapters = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert ">一、坚持创新驱动</h2>" in chapters and "EN 一、坚持创新驱动" in chapters
    assert ">编者按：本版摘编部分嘉宾的发言。</p>" in chapters

    cells = [c.text for t in docx.Document(str(review)).tables for r in t.rows for c in r.cells]
    assert "一、坚持创新驱动" in cells and "——编 者" in cells


@needs_epubcheck
@pytest.mark.slow
@pytest.mark.parametrize("layout", ["interleaved", "translation-only"])
def test_epub_with_sub_heads_passes_epubcheck(tmp_path, layout):
    epubcheck(write_epub(_edition(), tmp_path / "roles.epub", layout=layout))

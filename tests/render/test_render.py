"""render(): the formats asked for, named after the document, written atomically."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import docx
import pytest

from pipeline.errors import RenderError
from pipeline.render import render


def test_writes_each_format_named_after_the_document(tmp_path, edition):
    written = render(edition, ["review", "docx", "epub"], tmp_path / "out")
    assert [p.name for p in written] == ["speeches.review.docx", "speeches.docx", "speeches.epub"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)
    assert docx.Document(str(written[0])).core_properties.keywords == "diglot-review"
    assert docx.Document(str(written[1])).core_properties.keywords == "diglot-edition"
    with zipfile.ZipFile(written[2]) as z:
        assert z.read("mimetype") == b"application/epub+zip"


def test_picks_only_the_formats_asked_for_comma_string_too(tmp_path, edition):
    assert [p.name for p in render(edition, "epub,review", tmp_path)] == ["speeches.epub", "speeches.review.docx"]
    assert not (tmp_path / "speeches.docx").exists()


def test_layout_and_page_size_reach_the_writers(tmp_path, edition):
    review, edition_docx = render(edition, ["review", "docx"], tmp_path, layout="side-by-side", page_size="letter")
    assert docx.Document(str(review)).sections[0].page_width.twips == 15840
    assert len(docx.Document(str(edition_docx)).tables) == len(edition.document.sections)
    # layouts only the EPUB knows fall back to interleaved in the edition DOCX
    (edition_docx,) = render(edition, ["docx"], tmp_path, layout="translation-only")
    assert not docx.Document(str(edition_docx)).tables


def test_rerender_replaces_outputs_and_leaves_no_temporary_files(tmp_path, edition):
    render(edition, ["review", "docx", "epub"], tmp_path)
    first = {p.name: p.stat().st_size for p in tmp_path.iterdir()}
    render(edition, ["review", "docx", "epub"], tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == set(first)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"formats": ["pdf"]}, "unknown output format 'pdf'"),
        ({"formats": []}, "no output format"),
        ({"formats": ["epub"], "layout": "facing"}, "unknown layout 'facing'"),
        ({"formats": ["review"], "page_size": "B5"}, "unknown page size 'B5'"),
    ],
)
def test_bad_settings_are_one_line_render_errors_before_anything_is_written(tmp_path, edition, kwargs, message):
    with pytest.raises(RenderError, match=message) as info:
        render(edition, out_dir=tmp_path / "out", **kwargs)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file_is_named(tmp_path, edition):
    blocker = tmp_path / "out"
    blocker.write_text("x")
    with pytest.raises(RenderError, match="out: the output folder is a file"):
        render(edition, ["epub"], blocker)


def test_importing_render_loads_neither_docx_nor_ebooklib():
    code = "import sys, pipeline.render; print('docx' in sys.modules, 'ebooklib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]

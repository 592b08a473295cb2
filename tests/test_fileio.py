"""Atomic writes: all or nothing, and a clear error where nothing can be written."""

import pytest

from pipeline.errors import RenderError
from pipeline.fileio import atomic_path, write_text


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "book.epub"
    write_text(target, "old")
    with pytest.raises(ZeroDivisionError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            1 / 0
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    (tmp_path / "output").write_text("a file where the folder should be")
    with pytest.raises(RenderError) as caught:
        write_text(tmp_path / "output" / "book.epub", "text")
    assert str(caught.value).startswith(str(tmp_path / "output" / "book.epub") + ": cannot write here")

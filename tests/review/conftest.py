"""Fixtures for the review tests: a real SQLite memory and a review DOCX."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review.docx_fixtures import DOC, make_memory, write_with_diglot


@pytest.fixture
def memory(tmp_path):
    """A real SQLite memory (project folder tmp_path/project) holding the sample."""
    tm = make_memory(tmp_path / "project")
    yield tm
    tm.close()


@pytest.fixture
def review_docx(tmp_path) -> Path:
    return write_with_diglot(tmp_path / f"{DOC}.review.docx")

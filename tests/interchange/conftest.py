"""Fixtures for the interchange tests: a real SQLite memory holding the sample."""

from __future__ import annotations

import pytest

from tests.review.docx_fixtures import make_memory


@pytest.fixture
def memory(tmp_path):
    """A real SQLite memory (project folder tmp_path/project) holding the sample."""
    tm = make_memory(tmp_path / "project")
    yield tm
    tm.close()

"""Fixtures for the review tests: a real SQLite memory and a review DOCX."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import MachineTarget
from tests.review.docx_fixtures import DOC, PRODUCER, machine_targets, sources, write_with_diglot


@pytest.fixture
def memory(tmp_path):
    """A real SQLite memory holding the sample's machine targets and its document record."""
    from pipeline.memory import TranslationMemory

    tm = TranslationMemory.for_project(tmp_path / "project")
    src = sources()
    tm.store_machine("zh", "en", [MachineTarget(src[sid], t, PRODUCER) for sid, t in machine_targets().items()])
    tm.record_document(DOC, "zh", "en", list(src.items()))
    yield tm
    tm.close()



@pytest.fixture
def review_docx(tmp_path) -> Path:
    return write_with_diglot(tmp_path / f"{DOC}.review.docx")

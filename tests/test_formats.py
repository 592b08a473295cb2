"""The one registry of output formats (pipeline.formats)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.formats import DEFAULT_FORMATS, FORMATS, NAMES, OUTPUT_FORMATS, RENDERED

ROOT = Path(__file__).resolve().parents[1]


def test_every_format_has_one_name_suffix_and_writer():
    assert NAMES == ("review", "docx", "epub", "tmx", "xliff")
    assert DEFAULT_FORMATS == ("review", "docx", "epub") == RENDERED
    assert len({f.suffix for f in OUTPUT_FORMATS}) == len(OUTPUT_FORMATS)
    assert FORMATS["review"].path("out", "speech") == Path("out/speech.review.docx")
    assert FORMATS["xliff"].path("out", "speech") == Path("out/speech.xlf")
    assert [f.name for f in OUTPUT_FORMATS if f.beside] == ["review"]


def test_each_writer_resolves_without_being_imported_before():
    import importlib

    for fmt in OUTPUT_FORMATS:
        module, _, function = fmt.writer.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), fmt.name


def test_settings_and_the_command_line_take_their_choices_from_the_registry(tmp_path):
    (tmp_path / "diglot.toml").write_text('formats = ["tmx", "bogus"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="choose from " + ", ".join(NAMES)):
        load_settings(tmp_path)
    help_text = subprocess.run([sys.executable, "-m", "pipeline", "build", "--help"], capture_output=True, text=True,
                               cwd=ROOT, check=True).stdout
    assert ", ".join(NAMES[:2]) in " ".join(help_text.split())


def test_the_writer_gets_only_its_own_options(monkeypatch):
    import pipeline.render as render

    seen = {}
    monkeypatch.setattr(render, "write_review_docx", lambda edition, path, **options: seen.update(options))
    FORMATS["review"].write(None, "x.review.docx", layout="side-by-side", page_size="Letter")
    assert seen == {"page_size": "Letter"}

"""Helpers for the PDF source tests: the corpus, LibreOffice printing a Word file, paragraph scoring."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
NEEDS_CORPUS = pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason="../shared/corpus is absent")
NEEDS_SOFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def printed(source: Path, *, bookmarks: bool = False) -> Path:
    """The PDF LibreOffice prints from ``source`` (a .docx), beside it; its outline from the headings
    when ``bookmarks``."""
    folder = source.parent
    target = "pdf" if not bookmarks else 'pdf:writer_pdf_Export:{"ExportBookmarks":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", target,
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return source.with_suffix(".pdf")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("“”‘’", "\"\"''"))
    text = " ".join(text.split())
    return re.sub(r"(?<=[\u4e00-\u9fff，。；：！？]) (?=[\u4e00-\u9fff])", "", text)


def body(doc) -> list[str]:
    return [norm(p.text) for s in doc.sections for p in s.paragraphs]


def recovered(expected: list[str], got: list[str]) -> float:
    found = set(got)
    return sum(1 for p in expected if p in found) / len(expected)

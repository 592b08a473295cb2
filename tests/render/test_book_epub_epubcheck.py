"""epubcheck on the bilingual books: no error in the output that it does not report
on the source book. One batch of epubcheck runs (Java is slow to start), in parallel."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.render import write_epub
from tests.render.conftest import EPUBCHECK
from tests.support.epubs import edition_of, novel, scripted, vertical_japanese

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (EPUBCHECK.exists() and shutil.which("java")),
                       reason="epubcheck is not installed (apt-get install epubcheck)"),
]
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "epub"
REAL_BOOKS = sorted(p for p in CORPUS.glob("*.epub") if "fatal" not in p.name) if CORPUS.is_dir() else []


def errors(report: Path) -> set[tuple[str, str, str]]:
    data = json.loads(report.read_text("utf-8"))
    out = set()
    for message in data.get("messages", []):
        if message.get("severity") in ("ERROR", "FATAL"):
            paths = {loc.get("path", "") for loc in message.get("locations", [])} or {""}
            out |= {(message["ID"], path, message.get("message", "")) for path in paths}
    return out


BATCH = """public class Batch {
    public static void main(String[] args) throws Exception {
        for (String file : args) {
            new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {file, "--json", file + ".json", "--quiet"});
        }
    }
}
"""


def epubcheck_all(paths: list[Path], folder: Path) -> dict[Path, set]:
    """Every book checked in one JVM (Java's source launcher), or one run each where it is missing."""
    source = folder / "Batch.java"
    source.write_text(BATCH, encoding="utf-8")
    batch = subprocess.run(["java", "-cp", str(EPUBCHECK), str(source), *map(str, paths)],
                           capture_output=True, text=True, timeout=900)
    for path in paths:
        if batch.returncode != 0 or not Path(f"{path}.json").exists():
            subprocess.run(["java", "-jar", str(EPUBCHECK), str(path), "--json", f"{path}.json", "--quiet"],
                           capture_output=True, timeout=300)
    return {path: errors(Path(f"{path}.json")) for path in paths}


def test_epubcheck_finds_no_new_error_in_any_bilingual_book(tmp_path):
    books = [novel(tmp_path / "novel3.epub", ncx=True), novel(tmp_path / "novel2.epub", version=2),
             vertical_japanese(tmp_path / "japanese.epub"), scripted(tmp_path / "scripted.epub"),
             scripted(tmp_path / "scripted-source-only.epub"), *REAL_BOOKS]
    pairs = []
    for n, source in enumerate(books):
        copy = tmp_path / f"in-{n}-{source.name}"
        shutil.copy(source, copy)
        language = "ja" if source.name == "japanese.epub" else "en"
        layout = {"novel2.epub": "translation-only", "scripted-source-only.epub": "source-only"}.get(source.name,
                                                                                                  "interleaved")
        out = write_epub(edition_of(copy, source=language, target="zh" if language != "zh" else "en"),
                         tmp_path / f"out-{n}-{source.name}", layout=layout)
        pairs.append((copy, out))
    found = epubcheck_all([p for pair in pairs for p in pair], tmp_path)
    for source, out in pairs:
        assert found[out] - found[source] == set(), (source.name, sorted(found[out] - found[source]))
    # the books the suite builds are valid to begin with, so their bilingual books are too (scripts taken
    # out: no "scripted" property left on a document without script, the unused script file accepted)
    assert not any(found[source] or found[out] for source, out in pairs[:5])

"""A source without its line breaks, scaled down from the size limit, through the real CLI under a
memory cap: it builds (its one "paragraph" divided at sentence ends, said once), its review DOCX
(written row by row, never held whole) imports back, a build that runs out of memory says so in
one line, and a review DOCX and its reader agree on how much XML it may hold
(bench/large_source.py measures the real sizes)."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner

from tests.hostile.conftest import refused
from tests.ingest.test_bounds import prose

CAP_MB = 192  # the build held the whole review XML (~40 MB of text, ~400 MB at its peak) before it was streamed


def one_line(world, chars: int = 600_000):
    return world.source("one.txt", prose(chars))  # ~1.8 MB, ~25,000 segments, no newline at all


def test_a_one_line_source_builds_under_a_memory_cap_and_its_review_docx_imports_back(world):
    one_line(world)
    built = world.run("build", "--engine", "none", memory_mb=CAP_MB, cpu_seconds=120, wall_seconds=240)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "Traceback" not in built.stderr
    (warning,) = [line for line in built.stderr.splitlines() if "warning:" in line]
    assert warning.startswith("diglot: warning: source/one.txt:1: a paragraph of 600,")
    assert "was divided at sentence ends into 31 paragraphs of up to 20,000 characters" in warning
    output = world.project / "output"
    assert sorted(p.name for p in output.iterdir()) == [
        "one.docx", "one.epub", "one.review.docx", "one.terms.csv", "one.terms.json"]
    review = output / "one.review.docx"
    with zipfile.ZipFile(review) as package:
        assert package.testzip() is None
        xml = package.getinfo("word/document.xml").file_size
        rows = package.read("word/document.xml").decode("utf-8").count("⟦diglot|")
    assert xml > 30 * 1024 * 1024 and rows > 20_000

    imported = world.run("review", "import", "output/one.review.docx", "--dry-run", memory_mb=CAP_MB,
                         cpu_seconds=120, wall_seconds=240)
    assert imported.returncode == 0, imported.stderr[-2000:]
    assert f"unchanged: {rows}\n" in imported.stdout and "rejected: 0" in imported.stdout


def test_a_build_that_runs_out_of_memory_is_one_line_naming_the_source(world):
    one_line(world)
    line = refused(world.run("build", "--engine", "none", memory_mb=56, cpu_seconds=60, wall_seconds=120))
    assert line.startswith("diglot: error: source/one.txt: ran out of memory building it (1.7 MB, under a memory "
                           "limit of 56 MB); nothing more was written.")


def test_more_sentences_than_max_source_mb_allows_are_refused_before_anything_is_written(world):
    world.config("max_source_mb = 1\n")
    world.source("short.txt", "好的。" * 20_001)  # 180 KB, under the byte limit, over 20,000 segments
    refused(world.run("build", "--engine", "none"), "source/short.txt: has more than 20,000 sentences",
            "raise max_source_mb")
    assert not (world.project / "output").exists() and not (world.project / ".diglot" / "memory.sqlite").exists()


def test_the_review_docx_reader_takes_what_its_writer_writes_past_the_other_archives_limit(tmp_path, monkeypatch):
    import pipeline.archive
    import pipeline.render.review_docx
    from pipeline.cli import main

    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "one.txt").write_text(prose(60_000), encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setattr(pipeline.archive, "MAX_PART_BYTES", 1024 * 1024)  # what a source DOCX's part may be
    run = CliRunner().invoke
    assert run(main, ["build", "--engine", "none", "-q", "--format", "review"]).exit_code == 0
    with zipfile.ZipFile(project / "output" / "one.review.docx") as package:
        assert package.getinfo("word/document.xml").file_size > 3 * 1024 * 1024
    result = run(main, ["review", "import", "output/one.review.docx", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "unchanged: " in result.output and "rejected: 0" in result.output

    # the limit both agree on, scaled: the writer refuses to pass it, and leaves nothing behind
    monkeypatch.setattr(pipeline.render.review_docx, "MAX_DOCUMENT_XML", 2 * 1024 * 1024)
    (project / "output" / "one.review.docx").unlink()
    result = run(main, ["build", "--engine", "none", "-q", "--format", "review"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "diglot: error: output/one.review.docx: is not written: its word/document.xml would pass "
        "2 MB, more than a review DOCX can hold; build the source in parts (one file per part)")
    left = [p.name for p in (project / "output").iterdir()]
    assert "one.review.docx" not in left and not [name for name in left if name.startswith(".")], left

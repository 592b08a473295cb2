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


# --- real-world shapes: line roles, --markdown, warnings -------------------------------------

I = "\u3000\u3000"
MESSY = "\r\n".join([
    "",
    I + "共建开放包容的世界经济",
    I + "——2024年经济论坛发言摘编",
    "\u3000",
    I + "强基础 抓落实",
    I + "以改革开放推动高质量发展",
    I + "国家发展和改革委员会副主任、论坛执行主席\u00a0王建华",
    I + "一、坚持创新驱动",
    I + "创新是引领发展的第一动力。我们要加快科技自立自强，",
    "----- Page 2 -----",
    "推动高质量发展。",
    "\u00a0",
    I + "坚持开放合作  共创美好未来",
    I + "国际合作组织秘书长 陈\u00a0理",
    I + "合作不是零和游戏，而是让蛋糕越做越大。",
])


def test_listing_shows_each_lines_role(tmp_path):
    source = tmp_path / "messy.txt"
    source.write_text(MESSY, encoding="utf-8", newline="")
    result = run(source)
    assert result.exit_code == 0, result.output
    assert "layout:   blank lines between blocks; lines are whole paragraphs; paragraphs start with an indent" in result.stdout
    listing = result.stdout.split("see the warnings):\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split()[:2] for line in listing.splitlines()] == [
        ["2", "title"], ["3", "subtitle"], ["5", "heading"], ["6", "heading"], ["7", "byline"],
        ["8", "subheading"], ["9", "body"], ["10", "dropped"], ["11", "+"],
        ["13", "heading"], ["14", "byline"], ["15", "body"],
    ]
    assert "国际合作组织秘书长 | 陈理" in listing and "'----- Page 2 -----'" in listing


def test_markdown_prints_the_structure_and_reads_back_the_same(tmp_path):
    from pipeline.ingest import read_document

    source = tmp_path / "messy.txt"
    source.write_text(MESSY, encoding="utf-8", newline="")
    result = run(source, "--markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# 共建开放包容的世界经济\n——2024年经济论坛发言摘编\n\n"
        "## 强基础 抓落实\u3000以改革开放推动高质量发展\n*国家发展和改革委员会副主任、论坛执行主席 王建华*\n\n"
        "**一、坚持创新驱动**\n\n创新是引领发展的第一动力。我们要加快科技自立自强，推动高质量发展。\n\n"
        "## 坚持开放合作  共创美好未来\n*国际合作组织秘书长 陈理*\n\n合作不是零和游戏，而是让蛋糕越做越大。\n"
    )
    fixed = tmp_path / "messy.md"
    fixed.write_text(result.stdout, encoding="utf-8")
    before, after = read_document(source), read_document(fixed)
    assert (after.title.text, after.subtitle.text) == (before.title.text, before.subtitle.text)
    assert [(s.title.text, s.byline.affiliation, s.byline.name) for s in after.sections] == [
        (s.title.text, s.byline.affiliation, s.byline.name) for s in before.sections
    ]
    assert [[p.text for p in s.paragraphs] for s in after.sections] == [
        [p.text for p in s.paragraphs] for s in before.sections
    ]


def test_doubtful_structure_is_a_warning_on_stderr(tmp_path):
    source = tmp_path / "doubt.txt"
    names = ["王建华", "", "李晓明", "张三"]
    source.write_text("合集\n\n" + "\n\n".join(
        f"第{n}位嘉宾的发言\n" + (f"某部部长 {names[n - 1]}\n" if names[n - 1] else "") + f"{I}第{n}篇发言的正文说完了。"
        for n in range(1, 5)
    ), encoding="utf-8")
    result = run(source)
    assert result.exit_code == 0, result.output
    warning, hint = result.stderr.strip().splitlines()
    assert warning.startswith("warning: section 2 ('第2位嘉宾的发言') has no byline while the other 3 have one")
    assert hint.startswith(f"hint: see the structure with diglot segment {source} --markdown > doubt.md")
def test_json_shows_marks_roles_and_notes():
    source = Path(__file__).resolve().parents[2] / "source" / "green-notes.md"
    result = CliRunner().invoke(main, ["segment", str(source), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "markdown"
    segments = [s for sec in data["sections"] for p in sec["paragraphs"] for s in p["segments"]]
    marks = [(s["text"][m["start"]:m["end"]], m) for s in segments for m in s["marks"]]
    assert ("能源署网站", {"kind": "link", "start": 20, "end": 25, "href": "https://www.iea.org/reports"}) in marks
    notes = [n["id"] for n in data["notes"]]
    assert [m["href"] for _, m in marks if m["kind"] == "footnote"] == notes and len(notes) == 2
    assert any(p["role"] == "code" for sec in data["sections"] for p in sec["paragraphs"])


def test_a_word_source_lists_its_paragraphs_where_they_sit_its_notes_and_its_tracked_changes(tmp_path):
    from tests.support.docxfiles import book_docx

    result = run(book_docx(tmp_path / "book.docx"), "--from", "en")
    assert result.exit_code == 0, result.output
    assert "(word/document.xml#" in result.output
    assert "notes (2):" in result.output and "A footnote with emphasis." in result.output
    assert "tracked-changes" in result.output and "deleted words" not in result.output

"""The source language found in the text, not asked for: `diglot build` and `diglot segment`
without --from, through the command line, on sources written here.

What a user relies on: a build of an English, Japanese, Russian or Chinese source needs no
--from (the outputs, the memory and the engine take the language found, and the summary says
it and how sure); --from and diglot.toml still decide; a text too short to tell is read in the
default language with a warning to give --from; a source in the target language, or sources in
different languages, are refused in one line saying what to do.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ENGLISH = (
    "The rain had stopped by the time we reached the harbour. Boats rocked gently at their moorings, "
    "and the smell of salt and tar hung in the cold air.\n\n"
    "My grandfather walked ahead of us with his hands behind his back. He had worked on these docks for "
    "forty years, and he still knew the name of every captain who came in with the evening tide.\n"
)
JAPANESE = (
    "朝から雨が降っていたので、私たちは駅の近くの小さな喫茶店に入った。窓の外では、傘をさした人たちが"
    "急ぎ足で通り過ぎていく。\n\n"
    "祖母は温かいお茶を飲みながら、若いころに住んでいた港町の話をしてくれた。その町には大きな灯台があり、"
    "夜になると遠くの船まで光が届いたという。\n"
)
RUSSIAN = (
    "К вечеру дождь перестал, и мы вышли на берег реки. Вода была тёмной и спокойной, а над лесом "
    "поднимался туман.\n\n"
    "Дед шёл впереди и молча курил трубку. Он прожил в этой деревне всю жизнь и знал каждую тропинку "
    "до самого старого моста.\n"
)
CHINESE = (
    "春天来了，公园里的花都开了。孩子们在草地上奔跑，老人们坐在长椅上聊天。\n\n"
    "天气越来越暖和，人们脱下了厚厚的冬衣。河边的柳树长出了新芽，远处传来了鸟儿的歌声。\n"
)
TRADITIONAL = (
    "春天來了，公園裡的花都開了。孩子們在草地上奔跑，老人們坐在長椅上聊天。\n\n"
    "天氣越來越暖和，人們脫下了厚厚的冬衣。河邊的柳樹長出了新芽，遠處傳來了鳥兒的歌聲。\n"
)


def project_with(tmp_path: Path, sources: dict[str, str], toml: str = "") -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    for name, text in sources.items():
        (folder / "source" / name).write_text(text, encoding="utf-8")
    if toml:
        (folder / "diglot.toml").write_text(toml, encoding="utf-8")
    return folder


def build(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--project", str(project), "--engine", "none", "--format", "epub", *args])


def term_report(project: Path, name: str) -> dict:
    return json.loads((project / "output" / f"{name}.terms.json").read_text(encoding="utf-8"))


def epub_language(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        text = book.read(opf).decode("utf-8")
    return text.split("<dc:language>", 1)[1].split("<", 1)[0]


@pytest.mark.parametrize("text, code, tag, target", [
    (ENGLISH, "en", "en-US", "zh"),
    (JAPANESE, "ja", "ja-JP", "en"),
    (RUSSIAN, "ru", "ru-RU", "en"),
    (CHINESE, "zh", "zh-CN", "en"),
    (TRADITIONAL, "zt", "zh-TW", "en"),
])
def test_a_source_is_built_in_the_language_found_in_it(tmp_path, text, code, tag, target):
    project = project_with(tmp_path, {"story.txt": text})
    result = build(project, "--to", target)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stderr.splitlines() if line.startswith("source language:"))
    assert line.startswith(f"source language: {code} (found, ") and line.endswith(" % of the text)")
    assert int(line.rsplit(", ", 1)[1].split(" ")[0]) >= 90
    assert term_report(project, "story")["source_language"] == code
    assert epub_language(project / "output" / "story.epub") == tag
    # the memory records the document under the pair found, as diglot review import and export look it up
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        pairs = set(db.execute("SELECT DISTINCT source_language, target_language FROM documents"))
    assert pairs == {(code, target)}


def test_the_json_summary_says_what_was_found(tmp_path):
    project = project_with(tmp_path, {"story.txt": JAPANESE})
    result = build(project, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["source_language"]
    assert found["code"] == "ja" and found["how"] == "found" and found["percent"] >= 90


def test_japanese_is_segmented_as_japanese(tmp_path):
    project = project_with(tmp_path, {"story.txt": JAPANESE})
    result = CliRunner().invoke(main, ["segment", str(project / "source" / "story.txt"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"] == "ja" and data["source_language"]["how"] == "found"
    first = data["sections"][0]["paragraphs"][0]["segments"]
    assert [s["text"] for s in first][0] == "朝から雨が降っていたので、私たちは駅の近くの小さな喫茶店に入った。"


def test_an_english_source_translated_into_chinese_by_the_model_of_the_pair_found(tmp_path, monkeypatch):
    from pipeline.engines.packages import install_from_file
    from tests.conftest import closed_port_url
    from tests.support.tinymodel import build_argos_package

    folder = tmp_path / "argos-packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    install_from_file(build_argos_package(tmp_path / "model", "en", "zh"))  # only en→zh is installed
    project = project_with(tmp_path, {"harbour.txt": ENGLISH})
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--to", "zh", "--format", "epub", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["translated"] > 0 and summary["source_language"]["code"] == "en"
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        rows = db.execute("SELECT source_language, target_language, target FROM entries WHERE status = 'machine'").fetchall()
    assert rows and {(s, t) for s, t, _ in rows} == {("en", "zh")} and all(target for _, _, target in rows)


@pytest.mark.parametrize("how", ["flag", "file"])
def test_from_and_diglot_toml_decide_over_the_text(tmp_path, how):
    toml = 'source_language = "zh"\n' if how == "file" else ""
    project = project_with(tmp_path, {"story.txt": JAPANESE}, toml)
    result = build(project, *(["--from", "zh"] if how == "flag" else []), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source_language"] == {"code": "zh", "how": "given", "percent": 0}
    assert term_report(project, "story")["source_language"] == "zh"
    plain = build(project, *(["--from", "zh"] if how == "flag" else []))
    assert plain.exit_code == 0 and "source language:" not in plain.stderr  # what the user gave is not repeated


def test_a_text_too_short_to_tell_is_read_in_the_default_with_a_warning(tmp_path):
    project = project_with(tmp_path, {"note.txt": "Hi there.\n"})
    result = build(project)
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if line.startswith("diglot: warning:"))
    assert "note.txt: its language could not be told (too little text" in warning
    assert "read as zh, the default; give the language with --from" in warning
    assert "source language: zh (could not be told from the text; the default: give --from)" in result.stderr
    assert term_report(project, "note")["source_language"] == "zh"


def test_a_short_source_beside_others_takes_their_language(tmp_path):
    project = project_with(tmp_path, {"story.txt": RUSSIAN, "title.txt": "Глава 1\n"})
    result = build(project, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source_language"]["code"] == "ru"
    assert term_report(project, "title")["source_language"] == "ru"
    assert any("title.txt: its language could not be told" in line and "read as ru like the other sources" in line
               for line in result.stderr.splitlines())


def test_a_source_in_the_target_language_is_one_line_naming_to(tmp_path):
    project = project_with(tmp_path, {"story.txt": ENGLISH})
    result = build(project)  # the default target is English
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert "the source is in English (en, found in its text), the target language" in result.stderr
    assert "--to" in result.stderr
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_sources_in_different_languages_are_refused_with_what_to_do(tmp_path):
    project = project_with(tmp_path, {"a.txt": JAPANESE, "b.txt": RUSSIAN})
    result = build(project)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "the sources are in different languages" in result.stderr
    assert "a.txt ja" in result.stderr and "b.txt ru" in result.stderr
    assert "--from ja" in result.stderr
    named = build(project, str(project / "source" / "b.txt"))  # one language at a time builds
    assert named.exit_code == 0, named.output
    assert "source language: ru (found" in named.stderr


def test_a_legacy_encoded_source_is_read_again_in_the_language_found(tmp_path):
    german = ("Das kleine Mädchen lief über die Brücke und schaute hinunter auf den Fluss. Die Sonne schien warm, "
              "und die Vögel sangen in den Bäumen am Ufer. Später kehrte sie müde nach Hause zurück.\n")
    source = tmp_path / "brücke.txt"
    source.write_bytes(german.encode("cp1252"))  # not UTF-8: read first as the default (GB18030) would read it
    result = CliRunner().invoke(main, ["segment", str(source), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["language"], data["encoding"]) == ("de", "cp1252")
    assert data["sections"][0]["paragraphs"][0]["text"] == german.strip()


def test_segment_says_the_language_found_and_warns_where_it_cannot_tell(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(RUSSIAN, encoding="utf-8")
    listing = CliRunner().invoke(main, ["segment", str(story)])
    assert listing.exit_code == 0, listing.output
    assert f"{story}  (utf-8, ru)" in listing.stdout
    assert "language: ru (found, " in listing.stdout
    given = CliRunner().invoke(main, ["segment", str(story), "--from", "uk"])
    assert "language: uk (given)" in given.stdout
    short = tmp_path / "short.txt"
    short.write_text("OK.\n", encoding="utf-8")
    unsure = CliRunner().invoke(main, ["segment", str(short)])
    assert unsure.exit_code == 0, unsure.output
    assert "language: zh (could not be told from the text; the default: give --from)" in unsure.stdout
    assert "warning: " in unsure.stderr and "give the language with --from" in unsure.stderr


def test_export_takes_the_language_the_build_found(tmp_path):
    """diglot export, like the build, finds the source language where neither --from nor diglot.toml names it."""
    project = project_with(tmp_path, {"harbour.md": JAPANESE})
    assert build(project).exit_code == 0
    tmx = CliRunner().invoke(main, ["export", "tmx", "--project", str(project)])
    assert tmx.exit_code == 0, tmx.output
    assert (project / "output" / "memory-ja-en.tmx").is_file()
    xliff = CliRunner().invoke(main, ["export", "xliff", "--project", str(project), "--version", "1.2"])
    assert xliff.exit_code == 0, xliff.output
    written = (project / "output" / "harbour.xlf").read_text(encoding="utf-8")
    assert 'source-language="ja' in written and 'target-language="en' in written
    given = CliRunner().invoke(main, ["export", "tmx", "--project", str(project), "--from", "zh"])
    assert given.exit_code == 0 and (project / "output" / "memory-zh-en.tmx").is_file()

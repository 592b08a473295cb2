"""diglot import tmx reads a TMX in its own languages (srclang, each <tuv xml:lang>)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.memory import TranslationMemory

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "tmx"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def en_zh_tmx(path: Path, n: int = 3) -> Path:
    units = "".join(f'<tu><tuv xml:lang="EN-us"><seg>Sentence {i}.</seg></tuv>'
                    f'<tuv xml:lang="zh-CN"><seg>第{i}句。</seg></tuv></tu>' for i in range(n))
    path.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en-US" datatype="plaintext" '
                    f'segtype="sentence" o-tmf="x" adminlang="en" creationtool="x" creationtoolversion="1"/>'
                    f'<body>{units}</body></tmx>', encoding="utf-8")
    return path


def pairs(project: Path) -> dict[tuple[str, str], int]:
    with TranslationMemory.for_project(project) as tm:
        return {pair: tm.count(*pair) for pair in (("en", "zh"), ("zh", "en")) if tm.count(*pair)}


def test_in_a_folder_without_diglot_toml_the_pair_comes_from_the_file(tmp_path):
    path = en_zh_tmx(tmp_path / "en-zh.tmx", 16)
    project = tmp_path / "fresh"
    result = run("import", "tmx", path, "--project", project)
    assert result.exit_code == 0, result.output
    assert "16 units (en→zh)" in result.output
    assert pairs(project) == {("en", "zh"): 16}
    with TranslationMemory.for_project(project) as tm:
        assert tm.lookup("en", "zh", ["Sentence 3."])["Sentence 3."].target == "第3句。"


def test_a_tmx_of_another_pair_than_the_projects_is_refused_in_one_line_naming_both(tmp_path):
    path = en_zh_tmx(tmp_path / "en-zh.tmx")
    project = tmp_path / "project"
    project.mkdir()
    (project / "diglot.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
    result = run("import", "tmx", path, "--project", project)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "the TMX is en→zh" in line and "the project zh→en" in line
    assert not (project / ".diglot").exists()


def test_flags_name_the_pair_and_a_matching_file_is_read_in_it(tmp_path):
    path = en_zh_tmx(tmp_path / "en-zh.tmx")
    project = tmp_path / "project"
    refused = run("import", "tmx", path, "--project", project, "--from", "zh", "--to", "en")
    assert refused.exit_code == 1 and "the TMX is en→zh" in refused.stderr
    result = run("import", "tmx", path, "--project", project, "--from", "en", "--to", "zh")
    assert result.exit_code == 0, result.output
    assert pairs(project) == {("en", "zh"): 3}


@pytest.mark.parametrize("name, pair", [("lisa-ImportTest1I.tmx", ("en", "ja")), ("lisa-ImportTest2A.tmx", ("en", "fr"))])
def test_real_tmx_files_are_read_in_their_own_mixed_case_region_tagged_languages(tmp_path, name, pair):
    if not (CORPUS / name).is_file():
        pytest.skip("corpus not present")
    project = tmp_path / "fresh"
    result = run("import", "tmx", CORPUS / name, "--project", project)
    assert result.exit_code == 0, result.output
    assert f"({pair[0]}→{pair[1]})" in result.output
    with TranslationMemory.for_project(project) as tm:
        assert tm.count(*pair) > 0 and tm.count("zh", "en") == 0

"""Language codes as people write them: subtags, old and three-letter codes, names;
one line naming the nearest known codes for an unknown one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import languages
from pipeline.errors import LanguageError

SAMPLE = Path(__file__).resolve().parents[2] / "source" / "sample.txt"


@pytest.mark.parametrize(("written", "code"), [
    ("zh", "zh"), ("ZH", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("zh_SG", "zh"), ("zh-Hans-CN", "zh"),
    ("zh-TW", "zt"), ("zh-Hant", "zt"), ("zh-HK", "zt"), ("zh_Hant_TW", "zt"), ("zt", "zt"),
    ("pt-BR", "pt"), ("en-GB", "en"), ("en_US", "en"), ("sr-Latn", "sr"), ("es-419", "es"),
    ("iw", "he"), ("no", "nb"), ("fil", "tl"), ("deu", "de"), ("jpn", "ja"), ("German", "de"), ("japanese", "ja"),
])
def test_codes_as_people_write_them(written, code):
    assert languages.check(written) == code


@pytest.mark.parametrize("code", ["mr", "hy", "my", "am", "kk", "ka", "sw", "ta", "hr", "mk", "ne", "si"])
def test_languages_a_chat_model_serves_are_known(code):
    assert languages.check(code) == code
    assert languages.name(code) and languages.tag(code)


@pytest.mark.parametrize(("written", "named"), [
    ("jp", "ja (Japanese)"), ("cn", "zh (Chinese)"), ("zz", "zh (Chinese)"), ("Germn", "de (German)"),
])
def test_an_unknown_code_names_the_nearest_known_ones(written, named):
    with pytest.raises(LanguageError) as caught:
        languages.check(written)
    message = str(caught.value)
    assert message.startswith(f"unknown language code {written!r}") and named in message
    assert "\n" not in message


def test_an_unknown_code_with_nothing_near_says_what_is_expected():
    with pytest.raises(LanguageError, match=r"unknown language code 'xx' \(expected an Argos code"):
        languages.check("xx")


def test_traditional_chinese_keeps_its_document_tag():
    assert languages.tag("zh-Hant") == "zh-TW" and languages.tag("zh-Hans") == "zh-CN"
    assert languages.is_cjk("zh-TW") and languages.is_rtl("ur") and not languages.is_rtl("hy")


def test_config_and_cli_take_subtags(tmp_path):
    from pipeline.cli import main
    from pipeline.config import load_settings

    settings = load_settings(tmp_path, {"source_language": "zh-Hans", "target_language": "pt-BR"})
    assert (settings.source_language, settings.target_language) == ("zh", "pt")
    result = CliRunner().invoke(main, ["segment", str(SAMPLE), "--from", "zh-CN", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["language"] == "zh"
    result = CliRunner().invoke(main, ["segment", str(SAMPLE), "--from", "jp"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "diglot: error: --from: unknown language code 'jp'; nearest known: ja (Japanese)"]

"""diglot.toml and flags: defaults < file < flags, and a typo is an error."""

import pytest

from pipeline.config import BuildSettings, load_settings
from pipeline.errors import ConfigError, LanguageError


def test_defaults_without_a_file(tmp_path):
    settings = load_settings(tmp_path)
    assert settings == BuildSettings(find_source_language=True)  # no source language named: found in the text
    assert (settings.source_language, settings.target_language) == ("zh", "en")
    assert settings.formats == ("review", "docx", "epub")


def test_file_then_flags(tmp_path):
    (tmp_path / "diglot.toml").write_text(
        'target_language = "fr"\nformats = ["epub"]\nlayout = "side-by-side"\n[engine]\nbeam_size = 2\n',
        encoding="utf-8",
    )
    settings = load_settings(tmp_path, {"formats": "review,epub", "engine_device": "cpu", "layout": None})
    assert settings.target_language == "fr"
    assert settings.formats == ("review", "epub")
    assert settings.layout == "side-by-side"
    assert settings.engine.beam_size == 2 and settings.engine.device == "cpu"


@pytest.mark.parametrize(
    "content, message",
    [
        ('formt = ["epub"]\n', "unknown setting 'formt'"),
        ('[engine]\nbeam = 2\n', "unknown setting [engine] 'beam'"),
        ('layout = "sideways"\n', "unknown layout 'sideways'"),
        ('formats = ["pdf"]\n', "unknown output format pdf"),
        ('page_size = "A3"\n', "unknown page size 'A3'"),
        ('[engine]\nbeam_size = 0\n', "beam_size must be a whole number"),
        ('[engine]\nbeam_size = 9223372036854775807\n', "[engine] beam_size must be at most 64, not 9223372036854775807"),
        ('[engine]\ncompute_type = "bogus"\n', "[engine] compute_type 'bogus' is not a CTranslate2 compute type"),
        ('source_language = "en"\ntarget_language = "en"\n', "both 'en'"),
        ('layout = \n', "not valid TOML"),
        ("title = 5\n", "title must be a string, not 5"),
        ("out_dir = 5\n", "out_dir must be a string, not 5"),
        ("[engine]\nthreads = true\n", "[engine] threads must be a whole number, not True"),
        ("formats = [1]\n", "formats must be a list of strings"),
        ('engine = "none"\n', "engine settings go in a table"),
    ],
)
def test_bad_settings_name_the_file_and_the_key(tmp_path, content, message):
    (tmp_path / "diglot.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "diglot.toml"))


def test_unknown_language_code(tmp_path):
    with pytest.raises(LanguageError, match="unknown language code 'xx'"):
        load_settings(tmp_path, {"target_language": "xx"})



def test_one_glossary_may_be_given_as_a_string(tmp_path):
    (tmp_path / "diglot.toml").write_text('glossaries = "terms/main.csv"\nout_dir = "book"\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.glossaries == ("terms/main.csv",) and settings.out_dir == "book"


def test_an_engine_chosen_by_flag_ignores_the_table_of_another(tmp_path):
    (tmp_path / "diglot.toml").write_text(
        '[engine]\nname = "openai"\nmodel = "qwen2.5:14b"\nbase_url = "http://localhost:11434/v1"\n', encoding="utf-8"
    )
    assert load_settings(tmp_path).engine.options == (("base_url", "http://localhost:11434/v1"), ("model", "qwen2.5:14b"))
    assert load_settings(tmp_path, {"engine_name": "argos"}).engine == load_settings(tmp_path / "nothing-here").engine
    (tmp_path / "diglot.toml").write_text('[engine]\ndevice = "cpu"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="the openai engine needs a model"):
        load_settings(tmp_path, {"engine_name": "openai"})

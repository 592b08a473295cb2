"""diglot export tbx: the project's glossary as TBX v2 Basic, read back by diglot's own reader."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[2]


def test_the_glossary_exported_as_tbx_reads_back_term_for_term(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "glossary", project / "glossary")
    (project / "glossary" / "more.csv").write_text(
        "source,target,note,case_sensitive,dnt,forbidden,variants\n"
        "合作共赢,win-win cooperation,a set phrase,false,false,mutual win,cooperation for mutual benefit\n"
        "WTO,,,false,true,,\n", encoding="utf-8")
    original = load_glossary(sorted((project / "glossary").iterdir()))

    result = CliRunner().invoke(main, ["export", "tbx", "--project", str(project)])

    assert result.exit_code == 0, result.output
    path = project / "output" / "glossary-zh-en.tbx"
    assert f"wrote {path} ({len(original.terms)} terms, TBX v2 Basic)" in result.output
    assert b'<martif type="TBX-Basic"' in path.read_bytes()
    again = load_glossary([path])

    def key(term):
        return (term.source, tuple(term.required), term.forbidden, term.note)

    assert sorted(map(key, again.terms)) == sorted(map(key, original.terms))


def test_no_glossary_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["export", "tbx", "--project", str(tmp_path)])
    assert result.exit_code == 1 and "no glossary files" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_omegat_glossary_offers_only_renderings_a_translator_may_use(tmp_path):
    """OmegaT's tab-separated glossary: the target, then each variant; forbidden renderings only named."""
    from pipeline.glossary.export import write_omegat_glossary

    source = tmp_path / "terms.csv"
    source.write_text(
        "source,target,note,dnt,forbidden,variants\n"
        '一带一路,Belt and Road,"official\tshort form\n(2015)",no,"One Belt, One Road|OBOR",Belt and Road Initiative\n'
        "ESG,,keep as is,yes,,\n"
        "#MeToo,#MeToo,,no,,\n", encoding="utf-8")
    glossary = load_glossary([source])
    path = tmp_path / "glossary.txt"

    assert write_omegat_glossary(glossary, path) == 3
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        ["一带一路", "Belt and Road", "official short form (2015); not: One Belt, One Road | OBOR"],
        ["一带一路", "Belt and Road Initiative", "variant of Belt and Road"],
        ["ESG", "ESG", "keep as is; do not translate"],
    ]  # "#MeToo" is left out: OmegaT reads a line starting with # as a comment
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")

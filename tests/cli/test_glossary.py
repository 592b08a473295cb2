"""diglot glossary check, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"
SOURCE = "国际绿色论坛\n——2024年会议讲话汇编\n\n推进一带一路\n协会会长 王建华\n\n我们推进一带一路，实现碳中和。一带一路倡议很重要。\n"


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_valid_glossary_says_how_many_terms():
    result = invoke("glossary", "check", str(DATA / "terms_bom.csv"), str(DATA / "v3.tbx"))
    assert result.exit_code == 0, result.output
    assert "7 terms in 2 file(s), no problems" in result.output


def test_broken_glossary_lists_every_problem_and_exits_1():
    result = invoke("glossary", "check", str(DATA / "broken.csv"))
    assert result.exit_code == 1
    out = result.stdout
    for line in (3, 4, 5):
        assert f"broken.csv:{line}:" in out
    assert result.stderr.startswith("diglot: error: 4 problems in the glossary")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unsafe_tbx_refused_in_one_line():
    result = invoke("glossary", "check", str(DATA / "xxe.tbx"))
    assert result.exit_code == 1
    assert "xxe.tbx:3: refused" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_source_as_second_positional_lists_matches(tmp_path):
    source = tmp_path / "talk.txt"
    source.write_text(SOURCE, encoding="utf-8")
    result = invoke("glossary", "check", str(DATA / "terms_bom.csv"), str(source))
    assert result.exit_code == 0, result.output
    assert "一带一路\t→ Belt and Road" in result.output
    assert "碳中和\t→ carbon neutrality" in result.output
    assert f"4 occurrence(s) of 2 term(s) in {source}" in result.output


def test_json_matches_have_offsets_into_segments(tmp_path):
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    source = tmp_path / "talk.txt"
    source.write_text(SOURCE, encoding="utf-8")
    result = invoke("glossary", "check", str(DATA / "terms_bom.csv"), "--source", str(source), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["terms"] == 5 and len(data["digest"]) == 16
    segments = {s.id: s.text for s in segment_document(read_document(source)).segments()}
    assert len(data["matches"]) == 4
    for match in data["matches"]:
        assert set(match) == {"source", "target", "segment", "start", "end"}
        assert segments[match["segment"]][match["start"]:match["end"]] == match["source"]
    assert [m["target"] for m in data["matches"]].count("Belt and Road") == 3


def test_json_without_source_has_empty_matches():
    data = json.loads(invoke("glossary", "check", str(DATA / "v2.tbx"), "--json").output)
    assert data["terms"] == 2 and data["matches"] == []


def test_other_language_pair(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_text("source,target\nbonjour,hello\n", encoding="utf-8")
    source = tmp_path / "fr.txt"
    source.write_text("Titre\n\nBonjour à tous. Bonjour encore.\n", encoding="utf-8")
    result = invoke("glossary", "check", str(path), str(source), "--from", "fr", "--to", "en", "--json")
    assert result.exit_code == 0, result.output
    assert [m["source"] for m in json.loads(result.output)["matches"]] == ["Bonjour", "Bonjour"]


def test_unknown_language_and_missing_file_are_one_line_errors(tmp_path):
    result = invoke("glossary", "check", str(DATA / "terms.tsv"), "--from", "xx")
    assert result.exit_code == 1 and "unknown language code 'xx'" in result.stderr
    result = invoke("glossary", "check", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "no such glossary file" in result.stderr


def test_help_explains():
    result = invoke("glossary", "check", "--help")
    assert result.exit_code == 0
    assert "GLOSSARY... [SOURCE]" in result.output and "--json" in result.output


def test_termbase_with_entries_lacking_a_target_is_one_warning(tmp_path):
    path = tmp_path / "termbase.tbx"
    entries = "".join(
        f'<termEntry><langSet xml:lang="zh"><tig><term>词{n}</term></tig></langSet>'
        + (f'<langSet xml:lang="en"><tig><term>word {n}</term></tig></langSet>' if n % 3 else "")
        + "</termEntry>\n"
        for n in range(30)
    )
    path.write_text(f"<martif><text><body>\n{entries}</body></text></martif>", encoding="utf-8")
    result = invoke("glossary", "check", str(path))
    assert result.exit_code == 0, result.output
    assert "20 terms in 1 file(s), no problems" in result.stdout
    assert result.stderr.splitlines() == [
        f"warning: 10 termbase entries skipped (no term in the target language); the first at {path}:2: "
        "the entry for '词0' has no en term (or only deprecated ones)"
    ]
    data = json.loads(invoke("glossary", "check", str(path), "--json").stdout)
    assert data["terms"] == 20 and len(data["skipped"]) == 10


def test_many_problems_listed_briefly_and_all_with_json(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("source,target\n" + "".join(f"词{n},\n" for n in range(44)), encoding="utf-8")
    result = invoke("glossary", "check", str(path))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 10
    assert result.stderr.strip() == ("diglot: error: 44 problems in the glossary, the first 10 listed above "
                                     "(--json lists all); fix them and check again")
    result = invoke("glossary", "check", str(path), "--json")
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["problems"]) == 44
    assert len(result.stderr.strip().splitlines()) == 1

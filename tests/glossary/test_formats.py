"""Loading glossaries: CSV, TSV, TBX v2 and v3, unsafe XML, every problem with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import load_glossary

DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"


def problems_of(path, **kw) -> list[tuple[int, str]]:
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path, **kw)
    return [(line, message) for _, line, message in caught.value.problems]


def by_source(glossary):
    return {t.source: t for t in glossary.terms}


def test_csv_with_bom_quoted_commas_lists_and_flags():
    g = load_glossary(DATA / "terms_bom.csv")
    terms = by_source(g)
    assert set(terms) == {"一带一路", "小院高墙", "ESG", "玛丽亚·费尔南德斯", "碳中和"}  # BOM not in the header
    road = terms["一带一路"]
    assert road.target == "Belt and Road"
    assert road.forbidden == ("One Belt, One Road", "OBOR")  # a quoted field keeps its comma
    assert road.variants == ("Belt and Road Initiative",)
    assert road.note == "official short form"
    assert terms["小院高墙"].target == "small yard, high fence"
    assert terms["ESG"].dnt and terms["ESG"].case_sensitive
    assert not road.dnt and not road.case_sensitive
    assert road.origin.endswith("terms_bom.csv:2")
    assert terms["碳中和"].origin.endswith("terms_bom.csv:8")  # blank and comment lines still count
    assert g.files == (str(DATA / "terms_bom.csv"),)
    assert len(g.digest) == 16


def test_tsv():
    terms = by_source(load_glossary(DATA / "terms.tsv"))
    assert terms["数据中心"].target == "data center"
    assert terms["数据中心"].note == "US spelling"
    assert terms["可再生能源"].target == "renewable energy"


def test_tab_separated_file_named_csv_and_language_code_headers(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("zh\ten\n改革\treform\n", encoding="utf-8")
    assert by_source(load_glossary(path))["改革"].target == "reform"


def test_tbx_v2_preferred_admitted_deprecated():
    terms = by_source(load_glossary(DATA / "v2.tbx"))
    assert set(terms) == {"一带一路", "碳达峰"}  # the fr-en entry has no Chinese term
    road = terms["一带一路"]
    assert road.target == "Belt and Road"
    assert road.variants == ("Belt and Road Initiative",)
    assert road.forbidden == ("One Belt, One Road",)
    assert road.note == "the China-proposed initiative"
    assert road.origin.endswith("v2.tbx:11")
    peak = terms["碳达峰"]  # ntig/termGrp with normativeAuthorization; zh-CN/en-US tags
    assert peak.target == "carbon peaking"
    assert peak.forbidden == ("carbon peak",)


def test_tbx_v3_tbx_basic_with_namespace():
    terms = by_source(load_glossary(DATA / "v3.tbx"))
    green = terms["绿色转型"]
    assert green.target == "green transition"
    assert green.variants == ("green transformation",)
    assert green.forbidden == ("greening",)
    assert terms["王建华"].target == "Wang Jianhua"  # no status: the only term is the target


@pytest.mark.parametrize("name", ["xxe.tbx", "laughs.tbx"])
def test_malicious_xml_is_refused_not_expanded(name):
    with pytest.raises(GlossaryError) as caught:
        load_glossary(DATA / name)
    message = str(caught.value)
    assert "refused" in message and "entit" in message
    assert name in message and ":3:" in message  # the line of the first entity declaration
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in message


def test_tbx_that_is_not_well_formed_names_the_line(tmp_path):
    path = tmp_path / "bad.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif>\n<text><body>\n<termEntry>\n</martif>\n', encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert line == 5 and "not well-formed" in message


def test_tbx_without_the_language_pair(tmp_path):
    path = tmp_path / "fr.tbx"
    path.write_text('<martif><text><body><termEntry><langSet xml:lang="fr"><tig><term>a</term></tig></langSet>'
                    '<langSet xml:lang="de"><tig><term>b</term></tig></langSet></termEntry></body></text></martif>',
                    encoding="utf-8")
    [(_, message)] = problems_of(path)
    assert "no zh terms" in message and "de, fr" in message


def test_tbx_whose_entries_all_lack_a_target_term_is_refused(tmp_path):
    path = tmp_path / "t.tbx"
    path.write_text('<martif><text><body>\n<termEntry>\n<langSet xml:lang="zh"><tig><term>改革</term></tig></langSet>\n'
                    '</termEntry></body></text></martif>', encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert line == 2 and "改革" in message and "no entry has a en term" in message


def _entry(zh: str, en: str = "", status: str = "") -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    target = f'<langSet xml:lang="en"><tig><term>{en}</term>{note}</tig></langSet>' if en else ""
    return f'<termEntry>\n<langSet xml:lang="zh"><tig><term>{zh}</term></tig></langSet>{target}\n</termEntry>\n'


def test_termbase_entries_without_a_target_term_are_skipped_and_counted(tmp_path):
    """A multilingual termbase export: some entries have no English, or only a deprecated one."""
    from pipeline.glossary.formats import skipped_warning

    path = tmp_path / "termbase.tbx"
    path.write_text("<martif><text><body>\n" + _entry("改革", "reform") + _entry("开放") + _entry("发展", "growth")
                    + _entry("碳汇", "carbon sink", "deprecatedTerm-admn-sts") + "</body></text></martif>", encoding="utf-8")
    glossary = load_glossary(path)
    assert sorted((t.source, t.target) for t in glossary.terms) == [("发展", "growth"), ("改革", "reform")]
    assert [(line, why) for _, line, why in glossary.skipped] == [
        (5, "the entry for '开放' has no en term (or only deprecated ones)"),
        (11, "the entry for '碳汇' has no en term (or only deprecated ones)"),
    ]
    assert skipped_warning(glossary) == (
        f"2 termbase entries skipped (no term in the target language); the first at {path}:5: "
        "the entry for '开放' has no en term (or only deprecated ones)"
    )
    assert skipped_warning(load_glossary(DATA / "terms.tsv")) == ""


def test_many_problems_make_a_short_error_line_that_counts_the_rest(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("source,target\n" + "".join(f"词{n},\n" for n in range(12)), encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    message = str(caught.value)
    assert message.startswith("12 problems in the glossary; fix them and run again: ")
    assert message.count("empty target") == 3 and message.endswith("and 9 more (diglot glossary check --json lists them all)")
    assert len(caught.value.problems) == 12


def test_every_problem_reported_with_its_line():
    problems = problems_of(DATA / "broken.csv")
    assert [line for line, _ in problems] == [1, 3, 4, 5]
    (_, unknown), (_, no_source), (_, no_target), (_, twice) = problems
    assert "unknown column" in unknown and "'colour'" in unknown
    assert "empty source" in no_source
    assert "empty target" in no_target and "气候" in no_target
    assert "发展" in twice and "broken.csv:2" in twice and "development" in twice and "growth" in twice


def test_the_error_line_names_file_and_problems():
    with pytest.raises(GlossaryError) as caught:
        load_glossary(DATA / "broken.csv")
    message = str(caught.value)
    assert "4 problems" in message
    assert "broken.csv:3: empty source term" in message


def test_bad_encoding_names_the_line():
    [(line, message)] = problems_of(DATA / "gbk.csv")
    assert line == 3 and "not UTF-8" in message


def test_single_problem_error_has_path_and_line():
    with pytest.raises(GlossaryError) as caught:
        load_glossary(DATA / "gbk.csv")
    assert caught.value.path.endswith("gbk.csv") and caught.value.line == 3
    assert str(caught.value).startswith(f"{DATA / 'gbk.csv'}:3: not UTF-8")


def test_missing_header(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("改革,reform\n开放,opening up\n", encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert line == 1 and "header" in message and "source" in message


def test_empty_file(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("", encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert "empty" in message


def test_bad_boolean_and_too_many_fields(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("source,target,dnt\n改革,reform,maybe\n开放,opening up,no,extra\n", encoding="utf-8")
    problems = problems_of(path)
    assert [line for line, _ in problems] == [2, 3]
    assert "dnt must be yes or no" in problems[0][1]
    assert "4 fields" in problems[1][1]


def test_multiline_quoted_field_keeps_line_numbers(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text('source,target,note\n改革,reform,"two\nlines"\n,oops,\n', encoding="utf-8")
    [(line, message)] = problems_of(path)
    assert line == 4 and "empty source" in message


def test_duplicate_across_files_and_identical_repeat_is_fine(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("source,target\n改革,reform\n", encoding="utf-8")
    b.write_text("source,target\n改革,Reform\n", encoding="utf-8")
    g = load_glossary([a, b])  # same target up to case: one term
    assert len(g.terms) == 1
    b.write_text("source,target\n\n改革,reforms\n", encoding="utf-8")
    [(line, message)] = problems_of([a, b])
    assert line == 3 and "a.csv:2" in message


def test_dnt_without_target_keeps_the_source(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("source,target,dnt\nHuawei,,yes\n", encoding="utf-8")
    [term] = load_glossary(path).terms
    assert term.dnt and term.target == "Huawei" and term.required == ("Huawei",)


def test_folder_loads_every_glossary_file_and_missing_path_is_a_problem(tmp_path):
    (tmp_path / "a.csv").write_text("source,target\n改革,reform\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("source\ttarget\n开放\topening up\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a glossary", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a glossary either", encoding="utf-8")
    g = load_glossary(tmp_path)
    assert {t.source for t in g.terms} == {"改革", "开放"}
    [(_, message)] = problems_of([tmp_path, tmp_path / "nope.csv"])
    assert "no such glossary file" in message


def test_digest_follows_content_not_order_or_notes(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("source,target,note\n改革,reform,x\n开放,opening up,\n", encoding="utf-8")
    first = load_glossary(a).digest
    a.write_text("source,target,note\n开放,opening up,changed note\n改革,reform,\n", encoding="utf-8")
    assert load_glossary(a).digest == first
    a.write_text("source,target\n开放,opening-up\n改革,reform\n", encoding="utf-8")
    assert load_glossary(a).digest != first


def test_shipped_sample_glossary_loads():
    root = Path(__file__).resolve().parents[2]
    g = load_glossary(root / "glossary")
    assert len(g.terms) >= 10


def test_a_term_that_starts_with_a_hash_is_a_term_not_a_comment(tmp_path):
    path = tmp_path / "tags.csv"
    path.write_text("source,target\n# campaign names\n#MeToo,#MeToo\n##,##\n", encoding="utf-8")
    from pipeline.glossary import load_glossary

    assert [t.source for t in load_glossary(path).terms] == ["#MeToo"]

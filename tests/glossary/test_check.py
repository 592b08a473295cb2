"""WMT-style checks of a translation against the terms of its source."""

from __future__ import annotations

from pipeline.glossary import check_translation, find_terms
from pipeline.model import Glossary, Segment, Term


def checks(terms, source, target, language="en"):
    hits = find_terms(Glossary(terms=tuple(terms)), Segment("s1", source), "zh")
    return check_translation(hits, target, language)


def statuses(result):
    return [c.status for c in result]


ROAD = Term("一带一路", "Belt and Road", forbidden=("One Belt, One Road", "OBOR"), variants=("Belt and Road Initiative",))


def test_required_term_present_is_model_absent_is_missing():
    assert statuses(checks([ROAD], "一带一路倡议", "The Belt and Road is open.")) == ["model"]
    result = checks([ROAD], "一带一路倡议", "The Silk Road is open.")
    assert statuses(result) == ["missing"] and not result[0].satisfied


def test_case_insensitive_unless_case_sensitive():
    assert statuses(checks([ROAD], "一带一路", "the belt and road")) == ["model"]
    cs = Term("一带一路", "Belt and Road", case_sensitive=True)
    assert statuses(checks([cs], "一带一路", "the belt and road")) == ["missing"]


def test_variant_satisfies():
    assert statuses(checks([ROAD], "一带一路", "The Belt and Road Initiative grew.")) == ["model"]


def test_word_boundaries_in_latin_targets():
    t = Term("改革", "reform")
    assert statuses(checks([t], "改革", "Reformation came.")) == ["missing"]
    assert statuses(checks([t], "改革", "A deep reform, at last.")) == ["model"]


def test_counted_per_occurrence():
    t = Term("发展", "development")
    result = checks([t], "发展，再发展", "Development first.")
    assert statuses(result) == ["model", "missing"]
    assert statuses(checks([t], "发展，再发展", "Development, and more development.")) == ["model", "model"]


def test_longer_target_is_not_reused_for_a_shorter_term():
    terms = [Term("改革", "reform"), Term("改革开放", "reform and opening up")]
    assert statuses(checks(terms, "改革开放和改革", "reform and opening up, and reform")) == ["model", "model"]
    assert statuses(checks(terms, "改革开放和改革", "reform and opening up, and change")) == ["model", "missing"]


def test_forbidden_renderings_are_reported_outside_required_spans():
    result = checks([ROAD], "一带一路", "One Belt, One Road, also called OBOR.")
    assert result[0].status == "missing"
    assert result[0].forbidden_hits == ("One Belt, One Road", "OBOR")
    t = Term("碳达峰", "carbon peaking", forbidden=("carbon peak",))
    ok = checks([t], "碳达峰", "carbon peaking matters")  # "carbon peak" inside the required term is fine
    assert ok[0].forbidden_hits == () and ok[0].satisfied
    bad = checks([t], "碳达峰", "carbon peaking and a carbon peak")
    assert bad[0].status == "model" and bad[0].forbidden_hits == ("carbon peak",) and not bad[0].satisfied


def test_dnt_needs_the_source_form_exactly():
    t = Term("ESG", "ESG", dnt=True, case_sensitive=True)
    assert statuses(checks([t], "ESG报告", "The ESG report")) == ["model"]
    assert statuses(checks([t], "ESG报告", "The esg report")) == ["missing"]
    dnt = Term("Huawei", "Huawei", dnt=True)
    assert statuses(checks([dnt], "Huawei手机", "Huawei phones")) == ["model"]


def test_cjk_target_matches_without_spaces():
    t = Term("climate change", "气候变化")
    hits = find_terms(Glossary(terms=(t,)), Segment("s", "climate change matters"), "en")
    assert statuses(check_translation(hits, "应对气候变化很重要", "zh")) == ["model"]


def test_full_width_target_text_counts():
    t = Term("二十国集团", "G20")
    assert statuses(checks([t], "二十国集团", "The Ｇ２０ summit")) == ["model"]


def test_empty_target_everything_missing_and_no_hits_no_checks():
    assert statuses(checks([ROAD], "一带一路", "")) == ["missing"]
    assert check_translation((), "anything", "en") == ()

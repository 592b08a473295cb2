"""Finding terms in source segments: longest first, boundaries, width and case folding."""

from __future__ import annotations

import random

from pipeline.glossary import find_terms, find_terms_in, term_digest
from pipeline.model import Glossary, Segment, Term


def glossary(*terms: Term) -> Glossary:
    return Glossary(terms=terms)


def found(g: Glossary, text: str, language: str = "zh") -> list[tuple[str, str]]:
    """(term source, the text at the hit's offsets) for every hit."""
    return [(h.term.source, text[h.start:h.end]) for h in find_terms(g, Segment("s1", text), language)]


def test_long_term_wins_over_nested_short_terms():
    g = glossary(Term("发展", "development"), Term("可持续发展", "sustainable development"),
                 Term("国际可持续发展论坛", "International Forum on Sustainable Development"))
    text = "国际可持续发展论坛讨论可持续发展与发展。"
    assert found(g, text) == [("国际可持续发展论坛", "国际可持续发展论坛"), ("可持续发展", "可持续发展"), ("发展", "发展")]


def test_overlapping_terms_longest_first_then_leftmost():
    g = glossary(Term("改革开放", "reform and opening up"), Term("开放型经济", "open economy"))
    # 改革开放型经济: the longer 开放型经济 (5) takes the overlap, 改革开放 (4) cannot
    assert found(g, "改革开放型经济") == [("开放型经济", "开放型经济")]
    g = glossary(Term("中国", "China"), Term("国家", "country"))
    # equal length: the leftmost wins
    assert found(g, "中国家") == [("中国", "中国")]


def test_hits_carry_segment_id_and_offsets_in_text_order():
    g = glossary(Term("碳中和", "carbon neutrality"), Term("碳达峰", "carbon peaking"))
    hits = find_terms(g, Segment("p1.2", "实现碳达峰和碳中和"), "zh")
    assert [(h.segment_id, h.start, h.end) for h in hits] == [("p1.2", 2, 5), ("p1.2", 6, 9)]


def test_every_occurrence_is_a_hit():
    g = glossary(Term("发展", "development"))
    assert len(find_terms(g, Segment("s", "发展，再发展，还是发展"), "zh")) == 3


def test_cjk_matches_inside_words_latin_needs_boundaries():
    g = glossary(Term("Sino", "Sino"), Term("AI", "AI"), Term("绿色", "green"))
    assert found(g, "Sinology and Sino-US and SAID and AI.", "en") == [("Sino", "Sino"), ("AI", "AI")]
    # a Latin term inside Chinese text: the neighbouring Han characters are boundaries
    assert found(g, "人工智能AI与绿色发展") == [("AI", "AI"), ("绿色", "绿色")]
    assert found(g, "SinoAI") == []


def test_full_width_and_half_width_forms_match_each_other():
    g = glossary(Term("ESG", "ESG"), Term("Ｇ２０", "G20"), Term("５Ｇ网络", "5G network"))
    text = "ＥＳＧ报告、G20峰会和5G网络"
    assert found(g, text) == [("ESG", "ＥＳＧ"), ("Ｇ２０", "G20"), ("５Ｇ网络", "5G网络")]


def test_offsets_point_into_the_original_text_after_folding():
    g = glossary(Term("Belt and Road", "Belt and Road"))
    text = "“ＢＥＬＴ   and\u3000road”"
    [hit] = find_terms(g, Segment("s", text), "zh")
    assert text[hit.start:hit.end] == "ＢＥＬＴ   and\u3000road"


def test_names_with_middle_dots_of_any_kind():
    g = glossary(Term("玛丽亚·费尔南德斯", "María Fernández"))
    for dot in "·・･‧•":
        text = f"外宾玛丽亚{dot}费尔南德斯说"
        assert found(g, text) == [("玛丽亚·费尔南德斯", f"玛丽亚{dot}费尔南德斯")]
    assert found(g, "玛丽亚说") == []


def test_terms_with_punctuation_and_spaces():
    g = glossary(Term("U.S.", "U.S."), Term("“双碳”", "dual carbon"), Term("New York", "New York"))
    assert found(g, "the U.S. and New  York", "en") == [("U.S.", "U.S."), ("New York", "New  York")]
    assert found(g, "实现“双碳”目标") == [("“双碳”", "“双碳”")]


def test_case_per_entry():
    g = glossary(Term("ESG", "ESG", case_sensitive=True), Term("belt and road", "Belt and Road"))
    assert found(g, "esg and ESG", "en") == [("ESG", "ESG")]
    assert found(g, "The Belt And Road", "en") == [("belt and road", "Belt And Road")]


def test_plain_string_segment_and_empty_glossary():
    g = glossary(Term("发展", "development"))
    [hit] = find_terms(g, "发展", "zh")
    assert hit.segment_id == "" and (hit.start, hit.end) == (0, 2)
    assert find_terms(Glossary(terms=()), Segment("s", "发展"), "zh") == ()


def test_term_digest_depends_on_the_matched_entries_only():
    a, b = Term("发展", "development"), Term("改革", "reform")
    g = glossary(a, b, Term("开放", "opening up"))
    one = find_terms(g, Segment("s", "改革与发展"), "zh")
    two = find_terms(g, Segment("t", "发展、发展和改革"), "zh")
    assert term_digest(one) == term_digest(two) != ""
    assert term_digest(()) == ""
    changed = glossary(Term("发展", "growth"), b)
    assert term_digest(find_terms(changed, Segment("s", "改革与发展"), "zh")) != term_digest(one)
    noted = glossary(Term("发展", "development", note="a note"), b)
    assert term_digest(find_terms(noted, Segment("s", "改革与发展"), "zh")) == term_digest(one)


def test_many_terms_many_segments_work():
    terms = tuple(Term(f"术语{i}号", f"term {i}") for i in range(300))
    g = glossary(*terms)
    segments = [Segment(f"s{i}", f"第{i}句提到术语{i % 300}号和术语{(i * 7) % 300}号。") for i in range(2000)]
    hits = [find_terms(g, s, "zh") for s in segments]
    assert all(len(h) == 2 for h in hits)
    assert hits[5][0].term.target == "term 5" and hits[5][1].term.target == "term 35"


def test_find_terms_in_many_segments_finds_what_find_terms_finds():
    """The batch path (one scan rules out segments without terms) misses nothing and adds
    nothing: full-width forms, ligatures, white-space runs, Latin boundaries, terms that
    would only match across two segments, case per entry, empty segments."""
    g = glossary(Term("发展", "development"), Term("ＡＩ", "AI"), Term("Sino", "Sino", case_sensitive=True),
                 Term("open source", "open source"), Term("ﬁne", "fine"), Term("两会", "Two Sessions"),
                 Term("中国。发展", "x"))
    rng = random.Random(5)
    pieces = ["发展", "发", "展", "AI", "ai", "ＡＩ", "Sino", "sino", "Sinology", "open  source", "open\nsource", "fine",
              "ﬁne", "两", "会", "两会", "中国。", "。", "，", " ", "文字", "x", ""]
    plain = ["发", "文字", "，", "。", "x", "两", "Sin"]  # no term can be made of these
    texts = ["".join(rng.choice(pieces if i % 500 < 250 else plain) for _ in range(rng.randint(0, 8)))
             for i in range(3000)]
    texts[1300] = "文字发展"  # one term in a batch of plain segments
    segments = [Segment(f"s{i}", text) for i, text in enumerate(texts)]
    assert find_terms_in(g, segments, "zh") == [find_terms(g, s, "zh") for s in segments]
    assert sum(map(len, find_terms_in(g, segments, "zh"))) > 500  # and the terms are there to be found
    assert find_terms_in(glossary(), segments[:3], "zh") == [(), (), ()]


def test_the_scan_for_any_term_finds_exactly_the_texts_that_hold_one():
    """The one-scan gate before matching (a trie regex of every form) against a plain search."""
    from pipeline.glossary.match import _scanner

    rng = random.Random(11)
    alphabet = "ab发展.*[]\\(|"  # regex metacharacters are terms' characters too
    for _ in range(300):
        forms = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 12))}
        scan = _scanner(forms)
        for _ in range(40):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
            assert (scan.search(text) is not None) == any(f in text for f in forms), (forms, text, scan.pattern)
    deep = [("a" * n) + "b" for n in range(1500)]  # nests past the recursion limit: the plain alternation
    assert _scanner(deep).search("x" + "a" * 700 + "b") and not _scanner(deep).search("a" * 2000)

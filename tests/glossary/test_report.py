"""The term report files and the term success rate."""

from __future__ import annotations

import csv
import json

from pipeline.glossary import check_translation, find_terms, term_success, write_term_report
from pipeline.model import (
    Document, Edition, Glossary, Paragraph, Provenance, Section, Segment, Term, TermCheck, Translation,
)

ROAD = Term("一带一路", "Belt and Road", variants=("Belt and Road Initiative",), forbidden=("OBOR",),
            origin="glossary/terms.csv:2")
DEV = Term("发展", "development", origin="glossary/terms.csv:3")
GLOSSARY = Glossary(terms=(ROAD, DEV))

ROWS = [  # segment id, source, target, status
    ("p1.1", "一带一路促进发展。", "The Belt and Road promotes development.", "machine"),
    ("p1.2", "一带一路倡议。", "The Belt and Road Initiative.", "reviewed"),
    ("p2.1", "发展很重要，一带一路也是。", "Growth matters, and so does OBOR.", "machine"),
    ("p2.2", "今天下雨。", "It rains today.", "machine"),
]


def edition(rows=ROWS, name="speeches") -> Edition:
    segments = [Segment(sid, text) for sid, text, _, _ in rows]
    paragraphs = tuple(Paragraph(id=s.id.split(".")[0] + s.id, text=s.text, segments=(s,)) for s in segments)
    document = Document(name=name, language="zh", title=None, subtitle=None,
                        sections=(Section(id="s1", title=None, byline=None, paragraphs=paragraphs),))
    translations = {}
    for segment, (_, _, target, status) in zip(segments, rows):
        hits = find_terms(GLOSSARY, segment, "zh")
        checks = check_translation(hits, target, "en")
        if status == "reviewed":
            checks = tuple(TermCheck(c.hit, "reviewed" if c.status != "missing" else "missing", c.forbidden_hits)
                           for c in checks)
        translations[segment.id] = Translation(segment.id, segment.text, target, status, terms=checks)
    return Edition(document=document, source_language="zh", target_language="en", translations=translations,
                   provenance=Provenance(engine="argos", glossary_digest="abc123"), created="2026-01-01T00:00:00+00:00")


def test_term_success_counts_occurrences():
    # p1.1: 2 satisfied; p1.2: 1 (variant, reviewed); p2.1: 发展 missing, 一带一路 missing + forbidden
    assert term_success(edition()) == (3, 5)


def test_term_success_forbidden_hit_is_not_success():
    rows = [("p1.1", "一带一路。", "Belt and Road, not OBOR.", "machine")]
    assert term_success(edition(rows)) == (0, 1)


def test_term_success_without_terms():
    assert term_success(edition([("p1.1", "今天下雨。", "It rains.", "machine")])) == (0, 0)


def test_report_files_written_and_read_back(tmp_path):
    paths = write_term_report(edition(), tmp_path / "out")
    assert [p.name for p in paths] == ["speeches.terms.csv", "speeches.terms.json"]

    with open(paths[0], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["segment"], r["source_term"], r["status"]) for r in rows] == [
        ("p1.1", "一带一路", "model"), ("p1.1", "发展", "model"), ("p1.2", "一带一路", "reviewed"),
        ("p2.1", "发展", "missing"), ("p2.1", "一带一路", "missing"),
    ]
    assert rows[4]["forbidden_hits"] == "OBOR" and rows[4]["target_term"] == "Belt and Road"
    assert rows[2]["found"] == "Belt and Road Initiative"
    assert rows[0]["glossary"] == "glossary/terms.csv:2"
    assert (rows[0]["start"], rows[0]["end"]) == ("0", "4")

    report = json.loads(paths[1].read_text(encoding="utf-8"))
    assert report["document"] == "speeches" and report["glossary_digest"] == "abc123"
    assert report["summary"]["occurrences"] == 5 and report["summary"]["satisfied"] == 3
    assert report["summary"]["rate"] == 0.6
    assert report["summary"]["by_status"] == {"model": 2, "reviewed": 1, "missing": 2}
    assert report["summary"]["forbidden"] == 1
    assert len(report["occurrences"]) == 5


def test_consistency_flags_terms_rendered_more_than_one_way(tmp_path):
    report = json.loads(write_term_report(edition(), tmp_path)[1].read_text(encoding="utf-8"))
    by_term = {c["source_term"]: c for c in report["consistency"]}
    road = by_term["一带一路"]
    assert road["occurrences"] == 3 and not road["consistent"]
    assert road["renderings"] == {"belt and road": ["p1.1"], "belt and road initiative": ["p1.2"], "(missing)": ["p2.1"]}
    rows = [("p1.1", "发展。", "Development.", "machine"), ("p1.2", "发展！", "development!", "reviewed")]
    report = json.loads(write_term_report(edition(rows, name="two"), tmp_path)[1].read_text(encoding="utf-8"))
    [dev] = report["consistency"]
    assert dev["consistent"] and dev["renderings"] == {"development": ["p1.1", "p1.2"]}


def test_report_rewritten_atomically_no_temporary_files_left(tmp_path):
    write_term_report(edition(), tmp_path)
    write_term_report(edition(ROWS[:1]), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["speeches.terms.csv", "speeches.terms.json"]
    report = json.loads((tmp_path / "speeches.terms.json").read_text(encoding="utf-8"))
    assert report["summary"]["occurrences"] == 2


def test_formula_cells_are_neutralised_in_the_csv_and_exact_in_the_json(tmp_path):
    hostile = Term("=HYPERLINK(\"http://x\")", "@SUM(A1)", forbidden=("-2+3",), origin="=CMD|' /C calc'!A0")
    glossary = Glossary(terms=(hostile,))
    segment = Segment("p1.1", "=HYPERLINK(\"http://x\") 在此。")
    target = "+1 -2+3 here"
    hits = find_terms(glossary, segment, "zh")
    checks = check_translation(hits, target, "en")
    document = Document(name="x", language="zh", title=None, subtitle=None, sections=(Section(
        id="s1", title=None, byline=None, paragraphs=(Paragraph(id="p1", text=segment.text, segments=(segment,)),)),))
    ed = Edition(document=document, source_language="zh", target_language="en",
                 translations={"p1.1": Translation("p1.1", segment.text, target, "machine", terms=checks)},
                 provenance=Provenance(engine="argos"), created="2026-01-01T00:00:00+00:00")
    csv_path, json_path = write_term_report(ed, tmp_path)
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["source_term"] == "'=HYPERLINK(\"http://x\")" and row["target_term"] == "'@SUM(A1)"
    assert row["forbidden_hits"] == "'-2+3" and row["glossary"] == "'=CMD|' /C calc'!A0"
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())
    (occurrence,) = json.loads(json_path.read_text(encoding="utf-8"))["occurrences"]
    assert occurrence["source_term"] == "=HYPERLINK(\"http://x\")" and occurrence["forbidden_hits"] == ["-2+3"]
    assert occurrence["glossary"] == "=CMD|' /C calc'!A0"

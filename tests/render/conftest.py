"""Editions built by hand for the renderer tests: Chinese source, English target.

They cover what a renderer must get right: glossary terms kept, a missing and
a forbidden term, a reviewed and an approved segment, an untranslated one (no
translation at all) and one the ``none`` engine left empty, and a source full
of characters that need escaping.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.model import (
    Byline,
    Document,
    Edition,
    Paragraph,
    Provenance,
    Section,
    Segment,
    Term,
    TermCheck,
    TermHit,
    Translation,
)

NASTY_SOURCE = '<script>alert("x")</script> & ]]> “引号” \'单\' <b>粗</b>。'
NASTY_TARGET = '<script>alert("x")</script> & ]]> "quotes" \'single\' <b>bold</b>.'

TERM_REFORM = Term(source="改革开放", target="reform and opening up", origin="g.csv:2")
TERM_COOP = Term(source="合作", target="cooperation", origin="g.csv:3")
TERM_DEEPEN = Term(source="深化改革", target="deepen reform", forbidden=("deepening reforms",), origin="g.csv:4")

# (role, [(source sentence, target, status, checks-spec, note)])
# checks-spec: list of (term, status, forbidden_hits)
SPEC = {
    "title": ("新时代的对外开放", [("新时代的对外开放", "Opening Up in the New Era", "machine", [], "")]),
    "subtitle": ("——国际论坛讲话汇编", [("——国际论坛讲话汇编", "— Speeches at an International Forum", "approved", [], "")]),
    "sections": [
        {
            "title": [("坚持合作共赢", "Upholding Win-Win Cooperation", "machine", [], "")],
            "byline": ("外交部部长、国务委员 王明", "外交部部长、国务委员", "王明",
                       [("外交部部长、国务委员 王明", "Minister of Foreign Affairs and State Councilor Wang Ming",
                         "machine", [], "")]),
            "paragraphs": [
                [
                    ("我们要坚持改革开放。", "We must persist in reform and opening up.", "machine",
                     [(TERM_REFORM, "model", ())], ""),
                    ("中国愿与各国加强合作。", "China is willing to strengthen ties with all countries.", "machine",
                     [(TERM_COOP, "missing", ())], ""),
                ],
                [
                    ("一是扩大开放；二是深化改革。", "First, expand opening up; second, deepening reforms.", "machine",
                     [(TERM_DEEPEN, "forced", ("deepening reforms",))], ""),
                ],
            ],
        },
        {
            "title": [("共同发展", "Common Development", "reviewed", [], "")],
            "byline": ("联合国副秘书长 约翰·史密斯", "联合国副秘书长", "约翰·史密斯",
                       [("联合国副秘书长 约翰·史密斯", "UN Under-Secretary-General John Smith", "machine", [], "")]),
            "paragraphs": [
                [
                    ("2024年9月，我们再次相聚。", "In September 2024 we met again.", "reviewed", [],
                     "checked against the speech video"),
                    ("合作是唯一的出路。", "Cooperation is the only way forward.", "approved",
                     [(TERM_COOP, "reviewed", ())], ""),
                ],
                [
                    ("这一句还没有翻译。", None, None, [], ""),
                    ("这一句留给译者。", "", "untranslated", [], ""),
                ],
                [
                    (NASTY_SOURCE, NASTY_TARGET, "machine", [], ""),
                ],
            ],
        },
    ],
}


def _paragraph(pid: str, role: str, sentences, translations: dict) -> Paragraph:
    segments = []
    start = 0
    for k, (source, target, status, checks, note) in enumerate(sentences, 1):
        sid = f"{pid}.{k}"
        segments.append(Segment(id=sid, text=source, start=start))
        start += len(source)
        if target is None:
            continue
        term_checks = []
        for term, term_status, forbidden in checks:
            at = source.find(term.source)
            term_checks.append(TermCheck(TermHit(term, sid, at, at + len(term.source)), term_status, forbidden))
        translations[sid] = Translation(sid, source, target, status, tuple(term_checks), note, "memory")
    return Paragraph(id=pid, text="".join(s for s, *_ in sentences), segments=tuple(segments), role=role)


def make_edition(name: str = "speeches", spec: dict = SPEC, created: str = "2026-11-28T08:00:00Z") -> Edition:
    translations: dict[str, Translation] = {}
    title = _paragraph("p0001", "title", spec["title"][1], translations)
    subtitle = _paragraph("p0002", "subtitle", spec["subtitle"][1], translations)
    sections = []
    n = 3
    for number, sec in enumerate(spec["sections"], 1):
        head = _paragraph(f"p{n:04d}", "heading", sec["title"], translations)
        n += 1
        text, office, person, sentences = sec["byline"]
        byline = Byline(_paragraph(f"p{n:04d}", "byline", sentences, translations), office, person)
        n += 1
        paras = []
        for sentences in sec["paragraphs"]:
            paras.append(_paragraph(f"p{n:04d}", "body", sentences, translations))
            n += 1
        sections.append(Section(id=f"s{number:03d}", title=head, byline=byline, paragraphs=tuple(paras)))
    document = Document(name=name, language="zh", title=title, subtitle=subtitle, sections=tuple(sections),
                        path=f"source/{name}.txt")
    provenance = Provenance(engine="argos", model="translate-zh_en", model_version="1.9",
                            settings="beam=4", glossary_digest="g1a2b3c4", diglot_version="0.1.0")
    return Edition(document, "zh", "en", translations, provenance, created)


@pytest.fixture
def edition() -> Edition:
    return make_edition()


def nasty_edition() -> Edition:
    """Every text is the escaping torture string, titles and names included."""
    spec = {
        "title": ("x", [(NASTY_SOURCE, NASTY_TARGET, "machine", [], "")]),
        "subtitle": ("x", [("]]>&amp;<!--", "]]>&amp;<!-- -->", "machine", [], "")]),
        "sections": [
            {
                "title": [("<h1>标题</h1>&", "<h1>Title</h1>&", "machine", [], "")],
                "byline": ("x", "<办公室>", "<名字>&",
                           [("<办公室> <名字>&", "<Office> <Name>&", "machine", [], "")]),
                "paragraphs": [[(NASTY_SOURCE, NASTY_TARGET, "machine", [], "")]] * 2,
            }
        ],
    }
    return make_edition("nasty", spec)


def have(binary: str) -> bool:
    return shutil.which(binary) is not None


EPUBCHECK = Path("/usr/share/java/epubcheck.jar")

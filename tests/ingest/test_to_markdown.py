"""to_markdown: the structure found, as Markdown that the Markdown reader reads back to the same text."""

from __future__ import annotations

from pipeline.ingest import read_text
from pipeline.ingest.to_markdown import to_markdown

from tests.ingest.test_real_shapes import HARD_WRAPPED, NOVEL, WEB_PAGE


def test_real_shapes_read_back_the_same_from_their_markdown():
    for text in (WEB_PAGE, HARD_WRAPPED, NOVEL):
        doc = read_text(text)
        back = read_text(to_markdown(doc), markdown=True)
        assert [p.text for p in back.blocks() if p.role != "byline"] == [p.text for p in doc.blocks() if p.role != "byline"]
        assert [(s.title.text if s.title else None) for s in back.sections] == [
            (s.title.text if s.title else None) for s in doc.sections
        ]
        # a byline is written as affiliation and name, without the padding (陈\u00a0理 is 陈理)
        assert [(s.byline.affiliation, s.byline.name) if s.byline else None for s in back.sections] == [
            (s.byline.affiliation, s.byline.name) if s.byline else None for s in doc.sections
        ]


def test_characters_markdown_would_take_for_marks_are_escaped():
    text = ("Title *x*\n\nChapter One\n\nsnake_case *star* [link] <b> a|b `c` ~d~ \\ back.\n\n"
            "1. item not a list.\n\n# not a heading.\n\n- not a bullet.\n\n+ plus.\n\n> quote.\n")
    doc = read_text(text, language="en")
    markdown = to_markdown(doc)
    assert "\n\n1\\. item not a list.\n\n\\# not a heading.\n\n\\- not a bullet.\n\n" in markdown
    back = read_text(markdown, language="en", markdown=True)
    assert [p.text for p in back.blocks()] == [p.text for p in doc.blocks()]
    assert back.sections[0].title.text == "Chapter One"

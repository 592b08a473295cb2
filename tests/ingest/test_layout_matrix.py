"""The layout matrix: every document shape the project knows, in every layout plain text arrives in.

Each cell writes one shape (tests/ingest/layouts.py) in one layout and reads
it back: the structure must be exactly the shape's (title, subtitle, section
titles, bylines split into offices and name, paragraphs after page-break
repair, roles), and the repairs the same in every layout. A rule that mends
one cell and breaks another fails here.
"""

from __future__ import annotations

import pytest

from pipeline.ingest import read_text
from pipeline.ingest.checks import structure_warnings
from tests.support.layouts import LAYOUTS, ambiguous, carries, counted, expected, expected_repairs, shapes

SHAPES = shapes()
CELLS = [
    pytest.param(shape, layout, id=f"{shape.name}-{layout.name}")
    for shape in SHAPES
    for layout in LAYOUTS
]


def structure(doc):
    sections = []
    for s in doc.sections:
        byline = (s.byline.affiliation, s.byline.name) if s.byline is not None else None
        sections.append((s.title.text if s.title else None, byline, [(p.role, p.text) for p in s.paragraphs]))
    return (doc.title.text if doc.title else None, doc.subtitle.text if doc.subtitle else None, sections)


@pytest.mark.parametrize("shape, layout", CELLS)
def test_every_shape_reads_the_same_in_every_layout(shape, layout):
    doc = read_text(layout.render(shape), language=shape.language)
    # The layout decision, made once for the text, as `diglot segment` shows it.
    assert ("no blank lines;" in doc.layout) == (layout.blank is None)
    assert ("; paragraphs start with an indent" in doc.layout) == bool(layout.indent)
    if not carries(layout, shape):
        # Without indents a paragraph that ends without end punctuation reads as one a page break split:
        # the reader cannot know, so it must say where it guessed (and the warnings name the lines).
        guessed = [line for line, why in doc.doubts if "may be a paragraph of its own" in why]
        assert len(guessed) >= ambiguous(shape) > 0
        assert set(f"line {line}" for line in guessed) <= {w.split(":")[0] for w in structure_warnings(doc)}
        return
    assert structure(doc) == expected(shape)
    assert counted(doc.repairs) == expected_repairs(shape, layout)
    assert doc.doubts == ()

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

from tests.support.layouts import LAYOUTS, carries, counted, expected, expected_repairs, shapes

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
    if not carries(layout, shape):
        pytest.skip(f"{layout.name} has no indent: a short line without end punctuation reads as a page-break split")
    doc = read_text(layout.render(shape), language=shape.language)
    assert structure(doc) == expected(shape)
    assert counted(doc.repairs) == expected_repairs(shape, layout)

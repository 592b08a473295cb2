"""Nothing dropped, merged away or reordered: every non-blank character of a
Chinese source ends up, in order, in exactly one paragraph, except the lines
reported as dropped (rule lines, page markers)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import SourceError
from pipeline.ingest import read_text
from pipeline.ingest.lines import is_page_marker, is_rule
from pipeline.segment import segment_document

CHARS = st.sampled_from(list("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她"))
MARKS = st.sampled_from(list("。！？；：，、…“”《》（）——·0123456789%"))
LINE = st.lists(CHARS | MARKS | st.just(" ") | st.just("\u3000"), min_size=0, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=30), ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_character_kept_in_order(lines, ending):
    text = ending.join(lines)
    if not text.strip():
        return
    try:
        doc = read_text(text, language="zh")
    except SourceError:  # every line was a rule or a page marker: nothing left, and it says so
        assert all(is_rule(line.strip()) or is_page_marker(line.strip()) for line in lines if line.strip())
        return
    dropped = {n for r in doc.repairs if r.kind == "dropped" for n in r.lines}
    assert all(is_rule(lines[n - 1].strip()) or is_page_marker(lines[n - 1].strip()) for n in dropped)
    expected = "".join(line.strip() for n, line in enumerate(lines, start=1) if n not in dropped)
    got = "".join(block.text for block in doc.blocks())
    # Byline lines keep their one inner space; all other text is the lines trimmed and joined.
    assert got.replace(" ", "").replace("\u3000", "") == expected.replace(" ", "").replace("\u3000", "")
    segmented = segment_document(doc)
    for block in segmented.blocks():
        assert "".join(s.text for s in block.segments) == block.text


def test_form_feed_page_break_is_repaired():
    doc = read_text("第一段说到一半，\n\f后半段在下一页。\n", language="zh")
    assert [p.text for p in doc.sections[0].paragraphs] == ["第一段说到一半，后半段在下一页。"]
    assert [r.kind for r in doc.repairs] == ["joined"]
    assert "page break" in doc.repairs[0].detail

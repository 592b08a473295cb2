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


MESSY_LINE = st.one_of(
    LINE,
    st.builds(lambda s: "\u3000\u3000" + s, LINE),
    st.sampled_from(["\u3000", "\u00a0\u00a0", " \u00a0 ", "----- Page 7 -----", "- 12 -", "第 3 页", "* * *",
                     "--------", "本书由某某网整理制作", "www.example.com", "——编 者", "编者按：以下是发言。",
                     "第一回 桃园结义", "十三", "注释 ⑴注文。", "某部部长\u00a0陈\u00a0理", "一、小标题"]),
    st.builds(lambda a, b: a + "----- Page 9 -----" + b, LINE, LINE),
)


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(MESSY_LINE, min_size=1, max_size=30), ending=st.sampled_from(["\n", "\r\n"]))
def test_every_character_not_reported_dropped_is_kept_in_order(lines, ending):
    """Messy real-world shapes: every character is kept, in order, unless a repair says it was dropped."""
    text = ending.join(lines)
    try:
        doc = read_text(text, language="zh")
    except SourceError:
        return  # nothing left but dropped lines (or blank ones): said in one line
    kept = []
    for number, line in enumerate(lines, start=1):
        found = [r for r in doc.repairs if r.kind == "dropped" and r.lines == (number,)]
        if any("inside the line" in r.detail for r in found):
            line = line.replace("----- Page 9 -----", "")
        elif found:
            continue
        kept.append(line)
    expected = "".join("".join(line.split()) for line in kept)
    assert "".join("".join(block.text.split()) for block in doc.blocks()) == expected

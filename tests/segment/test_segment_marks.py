"""Paragraph marks projected onto segments: clipped, cut at sentence ends, offsets per segment."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Mark, Paragraph
from pipeline.segment import project_marks, segment_paragraph


def _marks(segment):
    return [(m.kind, segment.text[m.start:m.end], m.start, m.href) for m in segment.marks]


def test_marks_follow_their_sentence():
    text = "第一句有重点。第二句有链接。"
    paragraph = Paragraph(id="p1", text=text, marks=(
        Mark("strong", 4, 6), Mark("link", 11, 13, href="https://x.org"), Mark("footnote", 7, 7, href="n1"),
    ))
    first, second = segment_paragraph(paragraph, "zh").segments
    assert _marks(first) == [("strong", "重点", 4, ""), ("footnote", "", 7, "n1")]  # the reference follows 。
    assert _marks(second) == [("link", "链接", 4, "https://x.org")]


def test_mark_across_sentences_is_cut_in_two():
    text = "One sentence. Two sentence."
    paragraph = Paragraph(id="p1", text=text, marks=(Mark("emphasis", 4, 17),))
    first, second = segment_paragraph(paragraph, "en").segments
    assert _marks(first) == [("emphasis", "sentence. ", 4, "")]
    assert _marks(second) == [("emphasis", "Two", 0, "")]


def test_no_sentence_end_inside_code_or_link():
    text = "Run x. Then y now. Done."
    paragraph = Paragraph(id="p1", text=text, marks=(Mark("code", 4, 13),))
    assert [s.text for s in segment_paragraph(paragraph, "en").segments] == ["Run x. Then y now. ", "Done."]


def test_code_paragraph_is_one_segment():
    text = "a = 1. B = 2.\nC = 3."
    paragraph = Paragraph(id="p1", text=text, role="code", marks=(Mark("code", 0, len(text)),))
    (segment,) = segment_paragraph(paragraph, "en").segments
    assert segment.text == text and _marks(segment) == [("code", text, 0, "")]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(["One.", "two", "Three!", "x", "Mr.", "Go?"]), min_size=1, max_size=30),
    spans=st.lists(st.tuples(st.sampled_from(["strong", "link", "code", "footnote"]), st.integers(0, 120),
                             st.integers(0, 8)), max_size=12),
)
def test_marks_land_in_the_segments_they_overlap(words, spans):
    text = " ".join(words)
    marks = tuple(Mark(kind, min(start, len(text)), min(len(text), start + (0 if kind == "footnote" else length)))
                  for kind, start, length in spans)
    segments = segment_paragraph(Paragraph(id="p1", text=text, marks=marks), "en").segments
    assert "".join(s.text for s in segments) == text
    for segment in segments:  # the same marks, in the same order, as projecting each segment alone
        assert segment.marks == project_marks(marks, segment.start, segment.start + len(segment.text))
    for mark in marks:
        if mark.kind in ("code", "link"):
            assert not any(mark.start < s.start < mark.end for s in segments)

"""Marks placed on translations: exact first, then the model's alignment, links and notes never dropped."""

from pipeline.marks import count_placements, model_text, place_marks, verbatim
from pipeline.model import Mark


def _shown(target, marks):
    return [(m.kind, target[m.start:m.end], m.placement) for m in marks]


def test_whole_segment_term_and_verbatim_are_exact():
    source = "请看2024年的ESG报告。"
    marks = (Mark("emphasis", 0, 13), Mark("strong", 2, 6), Mark("link", 8, 11, href="https://esg.example"))
    target, placed = place_marks(source, marks, "See the 2024 ESG report.")
    assert _shown(target, placed) == [
        ("emphasis", "See the 2024 ESG report", "exact"),  # the whole sentence; its full stop outside, as in the source
        ("strong", "2024", "exact"),  # a number, copied verbatim
        ("link", "ESG", "exact"),  # a Latin word, copied verbatim
    ]
    assert placed[2].href == "https://esg.example"
    term_target, term_marks = place_marks("推动绿色转型。", (Mark("emphasis", 2, 6),), "Promote the green transition.",
                                          terms=[((2, 6), (12, 28))])
    assert _shown(term_target, term_marks) == [("emphasis", "green transition", "exact")]


def test_alignment_places_the_rest_and_links_notes_are_never_dropped():
    source = "他说你好，然后走了。"
    target = "He said hello, then left."
    alignment = [(0, 1, 0, 2), (1, 2, 3, 7), (2, 4, 8, 13), (5, 7, 15, 19), (7, 9, 20, 24)]
    marks = (Mark("emphasis", 2, 4), Mark("footnote", 4, 4, href="n1"))
    placed = place_marks(source, marks, target, alignment=alignment)[1]
    assert _shown(target, placed) == [("emphasis", "hello", "aligned"), ("footnote", "", "aligned")]
    assert placed[1].start == 13  # right after "hello"
    lost = place_marks(source, (Mark("link", 2, 4, href="https://x.org"), Mark("footnote", 4, 4, href="n1"),
                                Mark("emphasis", 5, 7)), target)[1]
    assert _shown(target, lost) == [("link", "left", "appended"), ("footnote", "", "appended")]
    assert lost[1].start == len("He said hello, then left")  # end of the sentence, before its full stop
    assert count_placements([placed, lost]) == {"exact": 0, "aligned": 2, "appended": 2}


def test_code_is_never_sent_and_comes_back_verbatim():
    source = "运行 x = f(1) 即可。"
    marks = (Mark("code", 3, 11),)
    assert model_text(source, marks) == "运行 即可。"
    alignment = [(0, 2, 0, 3)]  # 运行 -> Run
    target, placed = place_marks(source, marks, "Run it.", alignment=alignment)
    assert target == "Run x = f(1) it." and _shown(target, placed) == [("code", "x = f(1)", "aligned")]
    target, placed = place_marks(source, marks, "Just run it.")
    assert target == "Just run it x = f(1)." and placed[0].placement == "appended"


def test_code_block_is_its_own_translation():
    code = "print('你好')"
    marks = (Mark("code", 0, len(code)),)
    assert verbatim(code, marks)
    assert place_marks(code, marks, "anything") == (code, (Mark("code", 0, len(code), placement="exact"),))


def test_a_link_that_runs_a_script_keeps_its_span_and_loses_its_url():
    from pipeline.model import Mark, runs_script

    for url in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "java\x00script:x", "VBScript:x"):
        assert runs_script(url), url
        assert Mark("link", 0, 4, href=url) == Mark("link", 0, 4)  # the words stay, the link goes
    for url in ("https://example.org/javascript:", "#note-1", "mailto:a@b.c", "javascript-guide.html"):
        assert not runs_script(url) and Mark("link", 0, 4, href=url).href == url
    assert Mark("footnote", 3, 3, href="javascript:x").href == "javascript:x"  # a note id is not a URL

"""Sentence splitting: Chinese and English rules, ids, and the every-character property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import read_document, read_text
from pipeline.segment import segment_document, split_sentences

SAMPLE = Path(__file__).resolve().parents[2] / "source" / "sample.txt"


# --- Chinese ---------------------------------------------------------------------


def test_chinese_end_marks():
    text = "大家好！很高兴见到各位。真的吗？我们继续；下一句……最后一句"
    assert split_sentences(text, "zh") == ["大家好！", "很高兴见到各位。", "真的吗？", "我们继续；", "下一句……", "最后一句"]


def test_chinese_closing_quote_stays_with_its_sentence():
    text = "他说：“没有绿色的增长，是没有未来的增长。”推动高质量发展。"
    assert split_sentences(text, "zh") == ["他说：“没有绿色的增长，是没有未来的增长。”", "推动高质量发展。"]


def test_chinese_closing_brackets_and_book_titles():
    text = "（这是括号里的话。）《一本书》很好看！」后面"
    assert split_sentences(text, "zh") == ["（这是括号里的话。）", "《一本书》很好看！」", "后面"]


def test_chinese_runs_of_marks_stay_together():
    assert split_sentences("真的吗？！不会吧！！！好的。", "zh") == ["真的吗？！", "不会吧！！！", "好的。"]


def test_colon_and_comma_never_split():
    text = "我们重点抓好三方面工作：一是优化结构，二是推动升级，三是完善体系。"
    assert split_sentences(text, "zh") == [text]


def test_numbers_dates_and_latin_words_not_split():
    text = "2024年9月，增长3.5%，达到958.7万辆，按照ESG理念，访问example.com网站。Yahoo!公司也来了。"
    assert split_sentences(text, "zh") == [
        "2024年9月，增长3.5%，达到958.7万辆，按照ESG理念，访问example.com网站。",
        "Yahoo!公司也来了。",
    ]


def test_enumeration_with_semicolons():
    text = "一是坚持多边主义；二是兑现资金承诺；三是加强技术合作。"
    assert split_sentences(text, "zh") == ["一是坚持多边主义；", "二是兑现资金承诺；", "三是加强技术合作。"]


def test_spaces_between_chinese_sentences_go_with_the_sentence_before():
    assert split_sentences("第一句。 第二句。  ", "zh") == ["第一句。 ", "第二句。  "]


# --- English ---------------------------------------------------------------------


def test_english_abbreviations_do_not_split():
    text = "Mr. Smith met Dr. Jones and Prof. Lee in the U.S. last year. They spoke."
    assert split_sentences(text, "en") == ["Mr. Smith met Dr. Jones and Prof. Lee in the U.S. last year. ", "They spoke."]


def test_english_e_g_i_e_no():
    text = "Some fruit, e.g. apples, i.e. the red ones. See No. 5 for details. Done."
    assert split_sentences(text, "en") == ["Some fruit, e.g. apples, i.e. the red ones. ", "See No. 5 for details. ", "Done."]


def test_english_decimals_and_initials():
    text = "It grew 3.5 percent to 12.75 million. J. R. R. Tolkien wrote it. Then we left."
    assert split_sentences(text, "en") == [
        "It grew 3.5 percent to 12.75 million. ",
        "J. R. R. Tolkien wrote it. ",
        "Then we left.",
    ]


def test_english_ellipses():
    text = "Wait... what happened? I think… Then silence... and more."
    assert split_sentences(text, "en") == ["Wait... what happened? ", "I think… ", "Then silence... and more."]


def test_english_quotes_stay_with_their_sentence():
    text = 'She said, "We will go." Then she left! "Why?" he asked.'
    assert split_sentences(text, "en") == ['She said, "We will go." ', "Then she left! ", '"Why?" he asked.']


def test_hindi_and_arabic_end_marks():
    assert split_sentences("यह एक वाक्य है। यह दूसरा है।", "hi") == ["यह एक वाक्य है। ", "यह दूसरा है।"]
    assert split_sentences("هل أنت بخير؟ نعم.", "ar") == ["هل أنت بخير؟ ", "نعم."]


def test_english_lowercase_after_period_does_not_split():
    assert split_sentences("The value is approx. ten units.", "en") == ["The value is approx. ten units."]


# --- documents -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return segment_document(read_document(SAMPLE))


def test_every_paragraph_of_the_sample_joins_back(sample):
    for block in sample.blocks():
        assert block.segments, block.id
        assert "".join(s.text for s in block.segments) == block.text
        for segment in block.segments:
            assert block.text[segment.start : segment.start + len(segment.text)] == segment.text


def test_segment_ids_are_paragraph_id_and_number(sample):
    for block in sample.blocks():
        assert [s.id for s in block.segments] == [f"{block.id}.{n}" for n in range(1, len(block.segments) + 1)]
    ids = [s.id for s in sample.segments()]
    assert len(ids) == len(set(ids))


def test_headings_and_bylines_are_one_segment(sample):
    assert [s.text for s in sample.title.segments] == ["携手共建绿色未来"]
    for section in sample.sections:
        assert len(section.title.segments) == 1
        assert len(section.byline.paragraph.segments) == 1
        assert section.byline.name == section.byline.text.rsplit(" ", 1)[1]


def test_sample_sentences(sample):
    paragraph = sample.sections[0].paragraphs[2]
    assert [s.text for s in paragraph.segments] == [
        "当前，世界百年变局加速演进，气候变化、能源安全、粮食安全等全球性挑战交织叠加。",
        "正如一位经济学家所说：“没有绿色的增长，是没有未来的增长。”",
        "推动高质量发展，必须把绿色低碳作为底色，把创新作为第一动力。",
    ]
    assert len(list(sample.segments())) >= 60


def test_segment_ids_stable_when_another_paragraph_changes(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    before = segment_document(read_document(SAMPLE))
    edited = text.replace("\u3000\u3000谢谢大家！\n", "谢谢大家！再见！\n")
    assert edited != text
    after = segment_document(read_text(edited, name="sample"))
    old = {s.id: s.text for s in before.segments()}
    new = {s.id: s.text for s in after.segments()}
    assert len(set(old) - set(new)) == 1  # only the edited paragraph's segment ids differ
    assert all(old[i] == new[i] for i in set(old) & set(new))


def test_english_document_segments(tmp_path):
    doc = segment_document(
        read_text("A Title\n\nDr. Watson arrived at 9.30 a.m. on Monday. He was late.\n", language="en")
    )
    paragraph = doc.sections[0].paragraphs[0]
    assert [s.text for s in paragraph.segments] == ["Dr. Watson arrived at 9.30 a.m. on Monday. ", "He was late."]


# --- the every-character property --------------------------------------------------

CHINESE = st.sampled_from(list("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现"))
PUNCT = st.sampled_from(list("。！？；：，、…—“”‘’「」『』（）《》.!?;:,\"'()[] \u3000\t0123456789%"))
LATIN = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) | st.sampled_from(
    ["Mr.", "Dr.", "U.S.", "e.g.", "i.e.", "No.", "J.", "etc.", "3.14", "...", "……", "。”", "!\"", "? "]
)
TEXT = st.lists(CHINESE | PUNCT | LATIN, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, language=st.sampled_from(["zh", "en", "ja", "fr"]))
def test_every_character_lands_in_exactly_one_segment(text, language):
    parts = split_sentences(text, language)
    assert "".join(parts) == text
    assert all(parts), "no empty segment"
    if len(parts) > 1:
        assert all(p.strip() for p in parts), "no segment of whitespace alone"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["zh", "en"]))
def test_every_character_property_on_any_unicode(text, language):
    parts = split_sentences(text, language)
    assert "".join(parts) == text
    assert all(parts)


def test_english_a_m_p_m_end_a_sentence_before_a_capital():
    text = "We met at 3 p.m. They talked until 9 A.M. Then we left at 10 a.m. on Sunday."
    assert split_sentences(text, "en") == [
        "We met at 3 p.m. ",
        "They talked until 9 A.M. ",
        "Then we left at 10 a.m. on Sunday.",
    ]


def test_english_no_ends_a_sentence_unless_a_number_follows():
    text = "I had to say no. Then he asked again. See No. 5 and Nos. 7 and 8. Mr. Lee and Dr. Kim left the U.S. in May."
    assert split_sentences(text, "en") == [
        "I had to say no. ",
        "Then he asked again. ",
        "See No. 5 and Nos. 7 and 8. ",
        "Mr. Lee and Dr. Kim left the U.S. in May.",
    ]


def test_english_abbreviations_that_never_end_stay_whole():
    text = "Fruit, e.g. Apples and i.e. Pears, went to the U.S. Army and Mr. Smith."
    assert split_sentences(text, "en") == [text]

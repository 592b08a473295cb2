"""Sentence ends in Cyrillic, Greek, Arabic, Indic, Armenian, Burmese, Ethiopic,
Chinese and Japanese text, one table per language, and the every-character
property in every script.

Texts written for these tests, in the manner of public-domain prose; the
corpus checks read Lu Xun's 狂人日记 and Alice from ../shared/corpus (skipped
when it is absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import split_sentences

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

CASES = [
    # Russian: initials, abbreviations, years, quotes with a dash
    ("ru", "Проф. А. И. Семенов жил на ул. Садовой. Он был врачом.",
     ["Проф. А. И. Семенов жил на ул. Садовой. ", "Он был врачом."]),
    ("ru", "Это было в 1905 г. Он уехал в г. Тверь.", ["Это было в 1905 г. ", "Он уехал в г. Тверь."]),
    ("ru", "В пгт. Лесной живут рабочие, врачи и т. д. Потом пришла зима.",
     ["В пгт. Лесной живут рабочие, врачи и т. д. ", "Потом пришла зима."]),
    ("ru", "«Ты придёшь?» — спросила она. «Нет», — ответил он.",
     ["«Ты придёшь?» — спросила она. ", "«Нет», — ответил он."]),
    ("ru", "Об этом писали в 1880-х гг. Москва тогда росла.", ["Об этом писали в 1880-х гг. Москва тогда росла."]),
    ("ru", "А. С. Пушкин родился в Москве. Там же см. с. 25.", ["А. С. Пушкин родился в Москве. ", "Там же см. с. 25."]),
    ("ru", "Билет стоил 5 тыс. руб. Дорого!", ["Билет стоил 5 тыс. руб. ", "Дорого!"]),
    ("ru", "«Ты куда? – спросил отец. – Уже темно». Я не ответил.",
     ["«Ты куда? – спросил отец. – Уже темно». ", "Я не ответил."]),
    ("uk", "Вона живе на вул. Шевченка. Він теж.", ["Вона живе на вул. Шевченка. ", "Він теж."]),
    ("uk", "Він живе на вул. Лесі Українки, кв. 5. Ми теж.", ["Він живе на вул. Лесі Українки, кв. 5. ", "Ми теж."]),
    ("ru", "Так закончилась война.XIX век начался спокойно.", ["Так закончилась война.", "XIX век начался спокойно."]),
    ("kk", "Дүкенде кітаптар, дәптерлер т. б. (оқу құралдары) сатылады. Ол жабық.",
     ["Дүкенде кітаптар, дәптерлер т. б. (оқу құралдары) сатылады. ", "Ол жабық."]),
    ("bg", "Д-р Петров дойде. Той беше уморен.", ["Д-р Петров дойде. ", "Той беше уморен."]),
    ("kk", "Ол 1990 ж. туды. Ол Алматыда тұрады.", ["Ол 1990 ж. туды. ", "Ол Алматыда тұрады."]),
    # questions of one word, one after another, are each a sentence; a question before who asked is not cut
    ("kk", "Мұғалім сұрады: қашан? қайда? Бала үндемеді.", ["Мұғалім сұрады: қашан? ", "қайда? ", "Бала үндемеді."]),
    ("ru", "Куда? зачем? Он не знал.", ["Куда? ", "зачем? ", "Он не знал."]),
    ("ru", "«Куда?» спросила мать. Он молчал.", ["«Куда?» спросила мать. ", "Он молчал."]),
    # Greek: ";" is the question mark
    ("el", "Τι κάνεις; Καλά είμαι, ευχαριστώ.", ["Τι κάνεις; ", "Καλά είμαι, ευχαριστώ."]),
    ("el", "Ήρθε ο κ. Παπαδόπουλος. Ήταν αργά.", ["Ήρθε ο κ. Παπαδόπουλος. ", "Ήταν αργά."]),
    # a word ending in final sigma is whole: its period ends the sentence even before lower case
    ("el", "Περίμενε τον πατέρα της. το τρένο είχε αργήσει.", ["Περίμενε τον πατέρα της. ", "το τρένο είχε αργήσει."]),
    ("el", "Αγόρασε φρούτα κ.λπ. από την αγορά.", ["Αγόρασε φρούτα κ.λπ. από την αγορά."]),
    # Arabic, Persian, Urdu
    ("ar", "هل أنت بخير؟ نعم، أنا بخير.", ["هل أنت بخير؟ ", "نعم، أنا بخير."]),
    ("ar", "وصل د. محمد صباحاً. كان الجو بارداً.", ["وصل د. محمد صباحاً. ", "كان الجو بارداً."]),
    ("fa", "حالت چطور است؟ خوبم.", ["حالت چطور است؟ ", "خوبم."]),
    ("ur", "یہ پہلا جملہ ہے۔ یہ دوسرا جملہ ہے۔", ["یہ پہلا جملہ ہے۔ ", "یہ دوسرا جملہ ہے۔"]),
    ("ur", "کیا آپ آئیں گے؟ جی ہاں۔", ["کیا آپ آئیں گے؟ ", "جی ہاں۔"]),
    # Devanagari and Bengali danda, also with no space after it
    ("hi", "यह पहला वाक्य है। यह दूसरा है।", ["यह पहला वाक्य है। ", "यह दूसरा है।"]),
    ("hi", "डॉ. शर्मा आए।वे थके थे।", ["डॉ. शर्मा आए।", "वे थके थे।"]),
    ("mr", "हे पहिले वाक्य आहे। हे दुसरे आहे।", ["हे पहिले वाक्य आहे। ", "हे दुसरे आहे।"]),
    ("bn", "আমি বাড়ি যাচ্ছি। তুমি আসবে?", ["আমি বাড়ি যাচ্ছি। ", "তুমি আসবে?"]),
    # Armenian, Burmese, Amharic
    ("hy", "Սա առաջին նախադասությունն է։ Սա երկրորդն է։", ["Սա առաջին նախադասությունն է։ ", "Սա երկրորդն է։"]),
    ("my", "ဒါက ပထမ စာကြောင်း ဖြစ်တယ်။ ဒါက ဒုတိယ ဖြစ်တယ်။", ["ဒါက ပထမ စာကြောင်း ဖြစ်တယ်။ ", "ဒါက ဒုတိယ ဖြစ်တယ်။"]),
    ("am", "ይህ የመጀመሪያው ነው። ይህ ሁለተኛው ነው።", ["ይህ የመጀመሪያው ነው። ", "ይህ ሁለተኛው ነው።"]),
    ("am", "ይህ የመጀመሪያው ነው፡፡ ይህ ሁለተኛው ነው፡፡", ["ይህ የመጀመሪያው ነው፡፡ ", "ይህ ሁለተኛው ነው፡፡"]),
    # Chinese: a title in 《》 holds its own marks; Traditional 「」 quotes end after the quote
    ("zh", "我们明天一起去看《摔跤吧！爸爸》好吗？好的。", ["我们明天一起去看《摔跤吧！爸爸》好吗？", "好的。"]),
    ("zh", "他读完了《狂人日记。续》，又读了一遍。", ["他读完了《狂人日记。续》，又读了一遍。"]),
    ("zt", "他說：「你好。」我們走吧。", ["他說：「你好。」", "我們走吧。"]),
    ("zh", "书名号没有合上《呐喊！后面。还有。", ["书名号没有合上《呐喊！", "后面。", "还有。"]),
    # Japanese: 「」 and 『』 hold their sentences; a quotation before と stays in its sentence
    ("ja", "彼は「はい。そうです。」と言った。次の日も雨だった。", ["彼は「はい。そうです。」と言った。", "次の日も雨だった。"]),
    ("ja", "結果は１．５倍になった．次に原因を調べた．", ["結果は１．５倍になった．", "次に原因を調べた．"]),
    ("ja", "『吾輩は猫である。名前はまだ無い。』を読んだ。", ["『吾輩は猫である。名前はまだ無い。』を読んだ。"]),
]


@pytest.mark.parametrize(("language", "text", "want"), CASES, ids=[f"{c[0]}-{c[1][:12]}" for c in CASES])
def test_sentences(language, text, want):
    assert "".join(want) == text
    assert split_sentences(text, language) == want


SCRIPTS = st.sampled_from(list("абвгдАБВГДαβγΑΒΓաբգԱԲԳكتبकखगকখগကခဂሀለሐ一二三あいうabcABC"))
MARKS = st.sampled_from(list("。！？.!?;:;।॥۔؟։။።፧…«»„“”‘’「」『』《》()- \u00a0\t0123456789"))
WORDS = st.sampled_from(["Mr.", "U.S.", "А.", "г.", "12.", "1. ", "2. ", "I.", "etc.", "z.B.", "Hauptstr.", "? - ",
                         "a. ", "b. ", "1) ", "2) ", " • ", "\t", "፡፡", "world.Today"])
TEXT = st.lists(SCRIPTS | MARKS | WORDS, max_size=150).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, language=st.sampled_from(["en", "de", "ru", "el", "hy", "ar", "ur", "hi", "my", "am", "zh", "ja", "fr", "xx"]))
def test_every_character_lands_in_exactly_one_segment_in_every_script(text, language):
    parts = split_sentences(text, language)
    assert "".join(parts) == text
    assert all(parts)
    if len(parts) > 1:
        assert all(p.strip() for p in parts)


@pytest.mark.skipif(not (CORPUS / "text").is_dir(), reason="../shared/corpus is absent")
def test_lu_xun_titles_stay_whole_and_every_character_is_kept():
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    doc = segment_document(read_document(CORPUS / "text" / "kuangren-riji-luxun-utf8-crlf.txt"))
    segments = [s.text for s in doc.segments()]
    for block in doc.blocks():
        assert "".join(s.text for s in block.segments) == block.text
    assert all(s.count("《") == s.count("》") for s in segments)
    assert "我说“是的。”" in "".join(segments)
    assert any(s.startswith("大哥说，“今天你仿佛很好。”") for s in segments)


@pytest.mark.skipif(not (CORPUS / "epub").is_dir(), reason="../shared/corpus is absent")
def test_alice_headings_and_quotations():
    from pipeline.ingest import read_document
    from pipeline.segment import segment_document

    doc = segment_document(read_document(CORPUS / "epub" / "epubjs-alice.epub", "en"))
    segments = [s.text.strip() for s in doc.segments()]
    assert '"What a curious feeling!" said Alice.' in segments
    assert '"I must be shutting up like a telescope!"' in segments
    assert not any(s.endswith(" W.") for s in segments)  # the brass plate "W. RABBIT"

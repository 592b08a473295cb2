"""Encodings, line endings, plain text, Markdown, Latin repairs, stable ids, bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.errors import EncodingError, LanguageError, SourceError
from pipeline.ingest import read_document

SAMPLE = Path(__file__).resolve().parents[2] / "source" / "sample.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def shape(doc):
    """Everything a later stage sees, except where the bytes came from."""
    return (
        doc.title,
        doc.subtitle,
        doc.sections,
        doc.repairs,
    )


@pytest.mark.parametrize(
    "label, data, encoding",
    [
        ("utf8", SAMPLE_TEXT.encode("utf-8"), "utf-8"),
        ("utf8-bom", codecs.BOM_UTF8 + SAMPLE_TEXT.encode("utf-8"), "utf-8-sig"),
        ("gb18030", SAMPLE_TEXT.encode("gb18030"), "gb18030"),
        ("gbk", SAMPLE_TEXT.encode("gbk"), "gb18030"),
        ("crlf", SAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        ("cr", SAMPLE_TEXT.replace("\n", "\r").encode("utf-8"), "utf-8"),
        ("utf16le-bom", SAMPLE_TEXT.encode("utf-16"), "utf-16"),
        ("utf16be-bom", codecs.BOM_UTF16_BE + SAMPLE_TEXT.encode("utf-16-be"), "utf-16"),
        ("gb18030-crlf", SAMPLE_TEXT.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
    ],
)
def test_same_document_from_every_encoding(tmp_path, label, data, encoding):
    copy = tmp_path / "sample.txt"
    copy.write_bytes(data)
    expected = read_document(SAMPLE)
    doc = read_document(copy)
    assert doc.encoding == encoding
    assert doc.name == "sample"
    assert shape(doc) == shape(expected)


def test_trailing_and_full_width_spaces_trimmed_text_kept(tmp_path):
    source = tmp_path / "spaces.txt"
    source.write_text("标题\n\n\u3000\u3000第一段，数字２０２４年。  \t\n\n第二段ＡＢＣ。\u3000\n", encoding="utf-8")
    doc = read_document(source)
    texts = [p.text for p in doc.sections[0].paragraphs]
    assert texts == ["第一段，数字２０２４年。", "第二段ＡＢＣ。"]  # full-width digits and letters kept


def test_plain_text_one_paragraph_per_line(tmp_path):
    source = tmp_path / "essay.txt"
    source.write_text("第一句话说完了。第二句话。\n另一段话也说完了。\n最后一段。\n", encoding="utf-8")
    doc = read_document(source)
    assert doc.title is None and doc.subtitle is None
    assert len(doc.sections) == 1
    section = doc.sections[0]
    assert section.title is None and section.byline is None
    assert [p.text for p in section.paragraphs] == ["第一句话说完了。第二句话。", "另一段话也说完了。", "最后一段。"]
    assert [p.line for p in section.paragraphs] == [1, 2, 3]
    assert doc.repairs == ()


def test_plain_text_blank_line_separated_with_title(tmp_path):
    source = tmp_path / "essay.txt"
    source.write_text("论读书\n\n读书使人充实。\n\n讨论使人机智。\n", encoding="utf-8")
    doc = read_document(source)
    assert doc.title.text == "论读书"
    assert len(doc.sections) == 1 and doc.sections[0].title is None
    assert [p.text for p in doc.sections[0].paragraphs] == ["读书使人充实。", "讨论使人机智。"]


def test_latin_page_break_joined_with_space_and_dehyphenated(tmp_path):
    source = tmp_path / "english.txt"
    source.write_text(
        "The committee met on Monday and agreed that the\n\n"
        "report should be published. The trans-\n\n"
        "lation was finished in May.\n\n"
        "A well-known author spoke.\n",
        encoding="utf-8",
    )
    doc = read_document(source, language="en")
    paragraphs = [p.text for p in doc.sections[0].paragraphs]
    assert paragraphs == [
        "The committee met on Monday and agreed that the report should be published. "
        "The translation was finished in May.",
        "A well-known author spoke.",
    ]
    assert [(r.kind, r.lines) for r in doc.repairs] == [("joined", (1, 3)), ("dehyphenated", (3, 5))]


def test_truncated_before_title_small_case(tmp_path):
    source = tmp_path / "two.txt"
    source.write_text(
        "合集\n——副标题\n\n第一篇\n某某大学校长 张三\n\n完整的一段。\n\n被截断的一段没有\n\n"
        "第二篇\n某研究院院长、教授 约翰·史密斯\n\n第二篇的正文。\n",
        encoding="utf-8",
    )
    doc = read_document(source)
    assert [s.title.text for s in doc.sections] == ["第一篇", "第二篇"]
    assert doc.sections[0].paragraphs[-1].text == "被截断的一段没有"
    assert doc.sections[1].byline.name == "约翰·史密斯"
    assert doc.sections[1].byline.affiliation == "某研究院院长、教授"
    assert [(r.kind, r.lines) for r in doc.repairs] == [("truncated", (9, 11))]


def test_markdown_states_structure(tmp_path):
    source = tmp_path / "compilation.md"
    source.write_text(
        "# 合集标题\n——副标题\n\n## 第一篇讲话。\n*某部部长、某会主席 王五*\n\n第一段第一行，\n第一段第二行。\n\n"
        "第二段没有句号\n\n## Second Talk\n\nPlain paragraph\nwrapped here.\n",
        encoding="utf-8",
    )
    doc = read_document(source)
    assert doc.title.text == "合集标题"
    assert doc.subtitle.text == "——副标题"
    first, second = doc.sections
    assert first.title.text == "第一篇讲话。"  # stated by ##, even with end punctuation
    assert (first.byline.affiliation, first.byline.name, first.byline.text) == ("某部部长、某会主席", "王五", "某部部长、某会主席 王五")
    assert [p.text for p in first.paragraphs] == ["第一段第一行，第一段第二行。", "第二段没有句号"]
    assert second.title.text == "Second Talk" and second.byline is None
    assert [p.text for p in second.paragraphs] == ["Plain paragraph wrapped here."]
    assert doc.repairs == ()


def _ids(doc):
    return [p.id for p in doc.blocks()], [s.id for s in doc.sections]


def test_ids_stable_on_reread(tmp_path):
    assert _ids(read_document(SAMPLE)) == _ids(read_document(SAMPLE))
    copy = tmp_path / "sample.txt"
    copy.write_bytes(SAMPLE_TEXT.replace("\n", "\r\n").encode("gb18030"))
    assert _ids(read_document(copy)) == _ids(read_document(SAMPLE))


def test_editing_one_paragraph_keeps_other_ids(tmp_path):
    before = read_document(SAMPLE)
    edited_text = SAMPLE_TEXT.replace("人才是第一资源。", "人才是第一资源，也是第一动力。")
    assert edited_text != SAMPLE_TEXT
    copy = tmp_path / "sample.txt"
    copy.write_text(edited_text, encoding="utf-8")
    after = read_document(copy)
    old = {p.text: p.id for p in before.blocks()}
    new = {p.text: p.id for p in after.blocks()}
    changed = [t for t in new if t not in old]
    assert len(changed) == 1 and changed[0].startswith("人才是第一资源，也是第一动力。")
    for text, pid in new.items():
        if text in old:
            assert old[text] == pid
    assert [s.id for s in before.sections] == [s.id for s in after.sections]


def test_duplicate_paragraphs_get_distinct_ids(tmp_path):
    source = tmp_path / "dup.txt"
    source.write_text("谢谢大家。\n\n中间一段。\n\n谢谢大家。\n", encoding="utf-8")
    ids = [p.id for p in read_document(source).sections[0].paragraphs]
    assert len(set(ids)) == 3
    assert ids[2] == ids[0] + "-2"


# --- bad input -----------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
UNDECODABLE = "中文测试，这是一个句子。".encode("gb18030") * 3 + b"\xff\xff"


@pytest.mark.parametrize(
    "name, data, error, words",
    [
        ("image.png", PNG, SourceError, "PNG image"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", SourceError, "JPEG image"),
        ("book.txt", b"PK\x03\x04\x14\x00\x00\x00", SourceError, "ZIP archive"),
        ("blob.txt", b"abc\x00\x01\x02def" * 10, SourceError, "binary"),
        ("empty.txt", b"", SourceError, "empty"),
        ("blank.txt", b" \n\r\n\t\n", SourceError, "empty"),
        ("fullwidth.txt", "\u3000\u3000\n\u3000\n".encode("utf-8"), SourceError, "empty"),
        ("broken.txt", UNDECODABLE, EncodingError, "no supported encoding"),
    ],
)
def test_bad_input_raises_naming_the_file(tmp_path, name, data, error, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert words in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file") as caught:
        read_document(tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in str(caught.value)


def test_folder(tmp_path):
    with pytest.raises(SourceError, match="is a folder"):
        read_document(tmp_path)


def test_unknown_language():
    with pytest.raises(LanguageError, match="'xx'"):
        read_document(SAMPLE, language="xx")


# --- legacy encodings follow the source language ---------------------------------------


@pytest.mark.parametrize(
    "language, text, encoding, reported",
    [
        ("de", "Ich möchte Käse.\n\nÜber die Straße gehen wir heute.\n", "cp1252", "cp1252"),
        ("fr", "C'est très bien.\n\nDéjà vu à l'été, ça coûte cher.\n", "cp1252", "cp1252"),
        ("zt", "我們要堅持改革開放。\n\n這是發展的必由之路。\n", "big5", "big5"),
        ("ja", "日本語の文章です。\n\nカタカナも漢字も含みます。\n", "shift_jis", "cp932"),
        ("ja", "日本語の文章です。\n\nカタカナも漢字も含みます。\n", "euc_jp", "euc_jp"),
        ("ko", "한국어 문장입니다.\n\n안녕하세요.\n", "cp949", "cp949"),
        ("ru", "Привет, мир.\n\nЭто проверка.\n", "cp1251", "cp1251"),
        ("pl", "Zażółć gęślą jaźń.\n\nTo jest test.\n", "cp1250", "cp1250"),
        ("zh", "我们要坚持改革开放。\n\n这是发展的必由之路。\n", "gb18030", "gb18030"),
    ],
)
def test_legacy_encoding_of_the_source_language(tmp_path, language, text, encoding, reported):
    source = tmp_path / "legacy.txt"
    source.write_bytes(text.encode(encoding))
    doc = read_document(source, language=language)
    assert doc.encoding == reported
    assert [p.text for p in doc.blocks()] == [line for line in text.split("\n") if line]


def test_gb18030_not_tried_for_a_western_language(tmp_path):
    source = tmp_path / "kaese.txt"
    source.write_bytes("Ich möchte Käse.\n".encode("cp1252"))
    assert "Ich möchte Käse." in "".join(p.text for p in read_document(source, language="de").blocks())
    # The same bytes said to be Chinese are still read as GB18030, as before.
    assert read_document(source, language="zh").encoding == "gb18030"


# --- dehyphenation and compounds -------------------------------------------------------


def test_compound_keeps_its_hyphen_at_a_break(tmp_path):
    source = tmp_path / "compound.txt"
    source.write_text(
        "We built a state-of-the-\n\nart system and a trans-\n\nlation memory.\n",
        encoding="utf-8",
    )
    doc = read_document(source, language="en")
    assert [p.text for p in doc.blocks()] == ["We built a state-of-the-art system and a translation memory."]
    assert [(r.kind, r.lines) for r in doc.repairs] == [("joined", (1, 3)), ("dehyphenated", (3, 5))]
    assert "hyphen kept" in doc.repairs[0].detail
    assert "hyphen of the split word removed" in doc.repairs[1].detail


# --- truncation at the end of the text ----------------------------------------------------


def test_only_paragraph_of_last_section_cut_off_is_reported(tmp_path):
    source = tmp_path / "cut.txt"
    source.write_text(
        "合集\n——副标题\n\n第一篇\n某某大学校长 张三\n\n完整的一段。\n\n第二篇\n某研究院院长 李四\n\n被截断的一段没有\n",
        encoding="utf-8",
    )
    doc = read_document(source)
    assert [s.title.text for s in doc.sections] == ["第一篇", "第二篇"]
    assert [p.text for p in doc.sections[1].paragraphs] == ["被截断的一段没有"]
    assert [(r.kind, r.lines) for r in doc.repairs] == [("truncated", (12,))]


# --- section titles without a byline ----------------------------------------------------


def test_bare_chapter_titles_are_not_glued_into_paragraphs(tmp_path):
    source = tmp_path / "chapters.txt"
    source.write_text("第一章\n\n我们要坚持改革开放\n必须\n\n第二章\n\n结束。\n", encoding="utf-8")
    doc = read_document(source)
    assert doc.title is None
    assert [s.title.text for s in doc.sections] == ["第一章", "第二章"]
    assert [[p.text for p in s.paragraphs] for s in doc.sections] == [["我们要坚持改革开放必须"], ["结束。"]]
    assert all(s.byline is None for s in doc.sections)
    assert [(r.kind, r.lines) for r in doc.repairs] == [("joined", (3, 4)), ("truncated", (3, 6))]


def test_bare_chapter_titles_in_english_and_a_page_break_still_joined(tmp_path):
    source = tmp_path / "chapters.txt"
    source.write_text(
        "My Book\n\nChapter One\n\nIt was a dark night and the wind blew over the\n\n"
        "hills until morning.\n\nWe must keep going and\n\nChapter Two\n\nThe end.\n",
        encoding="utf-8",
    )
    doc = read_document(source, language="en")
    assert doc.title.text == "My Book"
    assert [s.title.text for s in doc.sections] == ["Chapter One", "Chapter Two"]
    assert [[p.text for p in s.paragraphs] for s in doc.sections] == [
        ["It was a dark night and the wind blew over the hills until morning.", "We must keep going and"],
        ["The end."],
    ]
    assert [(r.kind, r.lines) for r in doc.repairs] == [("joined", (5, 7)), ("truncated", (9, 11))]


def test_long_page_break_fragment_next_to_bare_titles_is_joined(tmp_path):
    source = tmp_path / "split.txt"
    source.write_text(
        "第一章\n\n我们要坚持改革开放，这是一段很长的话，在页面的末尾被\n\n分开了，后半段在下一页。\n\n第二章\n\n结束。\n",
        encoding="utf-8",
    )
    doc = read_document(source)
    assert [s.title.text for s in doc.sections] == ["第一章", "第二章"]
    assert [p.text for p in doc.sections[0].paragraphs] == ["我们要坚持改革开放，这是一段很长的话，在页面的末尾被分开了，后半段在下一页。"]
    assert [(r.kind, r.lines) for r in doc.repairs] == [("joined", (3, 5))]


# --- Markdown marks ------------------------------------------------------------------------


def test_markdown_closing_hashes_only_after_a_space(tmp_path):
    source = tmp_path / "hashes.md"
    source.write_text("# Notes\n\n## Learn C#\n\nText one.\n\n## Closed ##\n\nText two.\n\n## F# and C# #\n\nThree.\n", encoding="utf-8")
    doc = read_document(source, language="en")
    assert [s.title.text for s in doc.sections] == ["Learn C#", "Closed", "F# and C#"]


def test_markdown_sub_headings_emphasis_and_lists(tmp_path):
    source = tmp_path / "marks.md"
    source.write_text(
        "# 合集\n——副标题\n\n## 第一篇\n*某部部长 王五*\n\n第一段。\n\n### 小节\n\n*强调的一段*\n\n"
        "这是**重点**和*强调*，snake_case_name 不变。\n\n- 列表一\n- 列表二\n1. 第一项\n2. 第二项\n\n# 后来的标题\n\n最后一段。\n",
        encoding="utf-8",
    )
    doc = read_document(source)
    assert doc.title.text == "合集" and doc.subtitle.text == "——副标题"
    assert [s.title.text for s in doc.sections] == ["第一篇", "小节", "后来的标题"]
    assert doc.sections[0].byline.name == "王五" and doc.sections[1].byline is None
    assert [p.text for p in doc.sections[0].paragraphs] == ["第一段。"]
    assert [p.text for p in doc.sections[1].paragraphs] == [
        "强调的一段",
        "这是重点和强调，snake_case_name 不变。",
        "列表一",
        "列表二",
        "1. 第一项",
        "2. 第二项",
    ]
    assert [p.text for p in doc.sections[2].paragraphs] == ["最后一段。"]
    assert not any(mark in p.text for p in doc.blocks() for mark in ("#", "*", "- "))


def test_markdown_is_not_dehyphenated(tmp_path):
    source = tmp_path / "hyphen.md"
    source.write_text("# Title\n\n## One\n\nA well-\nknown trans-\nlation.\n", encoding="utf-8")
    doc = read_document(source, language="en")
    assert [p.text for p in doc.sections[0].paragraphs] == ["A well-known trans-lation."]
    assert doc.repairs == ()


def test_the_project_takes_as_sources_what_the_reader_reads():
    from pipeline import ingest, project

    assert project.SOURCE_SUFFIXES == ingest.SOURCE_SUFFIXES

"""The shipped sample read as a compilation: structure and every repair."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import read_document

SAMPLE = Path(__file__).resolve().parents[2] / "source" / "sample.txt"


@pytest.fixture(scope="module")
def doc():
    return read_document(SAMPLE)


def test_title_and_subtitle(doc):
    assert doc.name == "sample"
    assert doc.language == "zh"
    assert doc.title.text == "携手共建绿色未来"
    assert doc.title.role == "title" and doc.title.line == 1
    assert doc.subtitle.text == "——2024年国际可持续发展论坛演讲选编"
    assert doc.subtitle.role == "subtitle" and doc.subtitle.line == 2


def test_three_speeches_with_titles_and_bylines(doc):
    titles = [s.title.text for s in doc.sections]
    assert titles == [
        "以高质量发展推动绿色转型",
        "开放合作是应对气候变化的必由之路",
        "数字技术赋能城市可持续发展",
    ]
    bylines = [(s.byline.affiliation, s.byline.name) for s in doc.sections]
    assert bylines == [
        ("国家发展和改革委员会副主任、论坛执行主席", "王建华"),
        ("国际绿色能源合作组织秘书长、气候政策高级顾问", "玛丽亚·费尔南德斯"),
        ("中国科学院院士、东海理工大学校长", "李晓明"),
    ]
    for section in doc.sections:
        assert section.title.role == "heading"
        assert section.byline.paragraph.role == "byline"
        assert section.byline.text == f"{section.byline.affiliation} {section.byline.name}"


def test_paragraph_counts_and_roles(doc):
    # 8, 8 and 8 body blocks in the file; one page-break split in each speech is joined.
    assert [len(s.paragraphs) for s in doc.sections] == [7, 7, 7]
    assert all(p.role == "body" for s in doc.sections for p in s.paragraphs)
    assert all(not p.segments for p in doc.blocks())


def test_indentation_and_full_width_spaces_trimmed(doc):
    first = doc.sections[0].paragraphs[0]
    assert first.text == "尊敬的各位来宾，女士们、先生们，朋友们："
    assert first.line == 7
    assert all(p.text == p.text.strip() and "\u3000" not in p.text[:1] for p in doc.blocks())


def test_page_break_joined_without_space(doc):
    paragraph = doc.sections[0].paragraphs[3]
    assert "2023年产量达到958.7万辆，同比增长35.8%。" in paragraph.text
    assert paragraph.line == 13


def test_mid_word_split_joined(doc):
    paragraph = doc.sections[1].paragraphs[3]
    assert "实现真正意义上的可持续发展。在这方面" in paragraph.text
    assert "可持 续" not in paragraph.text


def test_third_split_joined(doc):
    assert "在我们参与建设的一个试点城区，公共建筑能耗在两年内下降了18.3%" in doc.sections[2].paragraphs[2].text


def test_truncated_paragraph_kept_and_not_glued_to_title(doc):
    last = doc.sections[0].paragraphs[-1]
    assert last.text.endswith("为构建人与自然生命共同体")
    assert "开放合作" not in last.text
    assert doc.sections[1].title.text == "开放合作是应对气候变化的必由之路"


def test_every_repair_reported(doc):
    found = [(r.kind, r.lines) for r in doc.repairs]
    assert found == [
        ("joined", (13, 15)),
        ("truncated", (21, 23)),
        ("joined", (32, 34)),
        ("joined", (49, 51)),
    ]
    assert all(r.detail for r in doc.repairs)
    truncated = doc.repairs[1]
    assert "line 21" in truncated.detail and "line 23" in truncated.detail


def test_text_kept_as_written(doc):
    """No NFKC: full-width punctuation, quotes and the Latin word stay as they are."""
    text = "".join(p.text for p in doc.blocks())
    assert "“没有绿色的增长，是没有未来的增长。”" in text
    assert "ESG理念" in text
    assert "《联合国气候变化框架公约》" in text
    assert "一是优化能源结构" in text and "二是推动产业升级" in text and "三是完善政策体系" in text

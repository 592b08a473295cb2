"""Text as people really have it: newspaper web extractions, hard-wrapped
compilations, novels from ebook sites. Every sample is written here, in the
shapes of the real ones; structure and repairs are asserted exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.ingest import read_document, read_text
from pipeline.ingest.checks import structure_warnings

I = "\u3000\u3000"  # the full-width indent
NB = "\u00a0"


def shape(doc):
    """(title, subtitle, [(section title, byline (affiliation, name), [(role, line, text)])])."""
    sections = []
    for s in doc.sections:
        byline = (s.byline.affiliation, s.byline.name) if s.byline is not None else None
        sections.append((s.title.text if s.title else None, byline, [(p.role, p.line, p.text) for p in s.paragraphs]))
    return (doc.title.text if doc.title else None, doc.subtitle.text if doc.subtitle else None, sections)


def repairs(doc):
    return [(r.kind, r.lines) for r in doc.repairs]


def wrap(paragraph: str, width: int, indent: str = I) -> list[str]:
    """Hard-wrap a paragraph at ``width`` characters, as PDF-to-text converters do."""
    text = indent + paragraph
    return [text[i : i + width] for i in range(0, len(text), width)]


# --- compilations ---------------------------------------------------------------------------

# A newspaper page as a web extraction: CRLF, an empty first line, every line indented with two
# U+3000, one paragraph per line, speeches separated by lines of white space only (U+3000, U+00A0),
# an editor's note closed by ——编 者, a two-line title (kicker), sub-heads, bylines with U+00A0
# before the name, padded two-character names, offices joined by 、 or ，, a title with a double space.
WEB_PAGE = "\r\n".join([
    "",
    I + "共建开放包容的世界经济",
    "",
    I + "——2024年经济论坛发言摘编",
    "\u3000\u3000",
    I + "编者按：2024年经济论坛于9月在上海举行。本版摘编部分嘉宾的发言，以飨读者。",
    I + "——编 者",
    NB + NB,
    I + "强基础 抓落实",
    I + "以改革开放推动高质量发展",
    I + "国家发展和改革委员会副主任、论坛执行主席" + NB + "王建华",
    I + "尊敬的各位来宾，女士们、先生们：",
    I + "大家好！很高兴与各位相聚。",
    I + "一、坚持创新驱动，增强发展动力",
    I + "创新是引领发展的第一动力。我们要加快科技自立自强。",
    I + "二、坚持开放合作",
    I + "开放带来进步，封闭必然落后。谢谢大家！",
    "\u3000",
    I + "坚持开放合作  共创美好未来",
    I + "国际合作组织秘书长，气候政策高级顾问" + NB + NB + "陈" + NB + "理",
    I + "各位朋友：",
    I + "合作不是零和游戏，而是让蛋糕越做越大。",
    I + "我们愿与各方一道，携手前行。",
    " \u00a0 ",
    I + "数字技术赋能城市发展",
    I + "中国科学院院士、东海理工大学校长、城市研究院院长 李 林",
    I + "城市是人类活动最集中的地方。",
    I + "谢谢大家！",
    "",
])


def test_web_extraction_of_a_newspaper_page():
    doc = read_text(WEB_PAGE)
    assert shape(doc) == (
        "共建开放包容的世界经济",
        "——2024年经济论坛发言摘编",
        [
            (None, None, [
                ("note", 6, "编者按：2024年经济论坛于9月在上海举行。本版摘编部分嘉宾的发言，以飨读者。"),
                ("note", 7, "——编 者"),
            ]),
            ("强基础 抓落实\u3000以改革开放推动高质量发展", ("国家发展和改革委员会副主任、论坛执行主席", "王建华"), [
                ("body", 12, "尊敬的各位来宾，女士们、先生们："),
                ("body", 13, "大家好！很高兴与各位相聚。"),
                ("subheading", 14, "一、坚持创新驱动，增强发展动力"),
                ("body", 15, "创新是引领发展的第一动力。我们要加快科技自立自强。"),
                ("subheading", 16, "二、坚持开放合作"),
                ("body", 17, "开放带来进步，封闭必然落后。谢谢大家！"),
            ]),
            ("坚持开放合作  共创美好未来", ("国际合作组织秘书长，气候政策高级顾问", "陈理"), [
                ("body", 21, "各位朋友："),
                ("body", 22, "合作不是零和游戏，而是让蛋糕越做越大。"),
                ("body", 23, "我们愿与各方一道，携手前行。"),
            ]),
            ("数字技术赋能城市发展", ("中国科学院院士、东海理工大学校长、城市研究院院长", "李林"), [
                ("body", 27, "城市是人类活动最集中的地方。"),
                ("body", 28, "谢谢大家！"),
            ]),
        ],
    )
    assert doc.sections[1].title.line == 9 and doc.sections[1].byline.paragraph.line == 11
    assert doc.sections[2].byline.text == "国际合作组织秘书长，气候政策高级顾问" + NB + NB + "陈" + NB + "理"  # kept as written
    assert repairs(doc) == []
    assert structure_warnings(doc) == ()


S1 = "尊敬的各位来宾，女士们、先生们，朋友们："
S2 = "过去十年，我国单位国内生产总值能耗累计下降26.8%，可再生能源装机容量突破15亿千瓦；"
S2_NEXT_PAGE = "新能源汽车产销量连续多年位居世界第一，这些数字背后，是千千万万企业和劳动者的辛勤付出。"
S3 = "推动绿色转型，我们重点抓好三方面工作：一是优化能源结构；二是推动产业升级；三是完善政策体系。"
S4 = "主席先生，各位同事："
S5 = "气候变化没有国界，任何国家都无法独善其身。我们必须认识到，应对气候变化的窗口期正在迅速收窄；"
S5_NEXT_PAGE = "发展中国家尤其需要资金和技术支持。"

# The compilation hard-wrapped at 24 characters, title and subtitle apart and after blank lines,
# paragraphs indented and blank-line separated; two page breaks fall after a ；.
HARD_WRAPPED = "\n".join(
    ["", "", "携手共建绿色未来", "", "——2024年国际可持续发展论坛演讲选编", "",
     "以高质量发展推动绿色转型", "国家发展和改革委员会副主任、论坛执行主席 王建华", ""]
    + wrap(S1, 24) + [""] + wrap(S2, 24) + [""] + wrap(S2_NEXT_PAGE, 24, "") + [""] + wrap(S3, 24) + [""]
    + ["开放合作是应对气候变化的必由之路", "国际绿色能源合作组织秘书长、气候政策高级顾问 玛丽亚·费尔南德斯", ""]
    + wrap(S4, 24) + [""] + wrap(S5, 24) + [""] + wrap(S5_NEXT_PAGE, 24, "") + [""] + wrap("谢谢大家！", 24) + [""]
)


def test_hard_wrapped_compilation_joins_page_breaks_after_a_semicolon():
    doc = read_text(HARD_WRAPPED)
    assert shape(doc) == (
        "携手共建绿色未来",
        "——2024年国际可持续发展论坛演讲选编",
        [
            ("以高质量发展推动绿色转型", ("国家发展和改革委员会副主任、论坛执行主席", "王建华"), [
                ("body", 10, S1),
                ("body", 12, S2 + S2_NEXT_PAGE),  # 2|6.8% wrapped mid-number: joined without a space
                ("body", 18, S3),
            ]),
            ("开放合作是应对气候变化的必由之路", ("国际绿色能源合作组织秘书长、气候政策高级顾问", "玛丽亚·费尔南德斯"), [
                ("body", 24, S4),
                ("body", 26, S5 + S5_NEXT_PAGE),
                ("body", 31, "谢谢大家！"),
            ]),
        ],
    )
    assert repairs(doc) == [("joined", (13, 15)), ("unwrapped", (13, 16, 19, 27)), ("joined", (27, 29))]
    assert "ends with '；'" in doc.repairs[0].detail and "page break (blank line)" in doc.repairs[0].detail
    assert "24 characters a line" in doc.repairs[1].detail


COMPILATION_WITH_DOUBTS = "\n".join([
    "共话丝路新篇章",
    "——“一带一路”国际合作高峰论坛发言选登",
    "",
    "把握机遇 共谋发展",
    "联合国工业发展组织总干事、前部长 格尔德·穆勒",
    I + "各位朋友：",
    I + "十年来，共建“一带一路”取得了丰硕成果，为世界经济增长注入了新动力。",
    I + "十年来，共建“一带一路”取得了丰硕成果，为世界经济增长注入了新动力。",
    I + "谢谢大家！",
    "",
    "推动绿色丝绸之路建设",
    I + "绿色是共建“一带一路”的底色。我们要加强生态环境保护合作。",
    I + "谢谢大家！",
    "",
    "深化互联互通伙伴关系",
    "某国交通部部长，国际交通论坛主席，区域合作委员会副主席 约翰·史密斯",
    I + "互联互通是共建“一带一路”的重点。",
    I + "谢谢大家！",
    "",
    "携手构建人类命运共同体",
    "中国人民外交学会会长" + NB + "王超",
    I + "构建人类命运共同体，是世界各国人民前途所在。",
])


def test_compilation_with_a_duplicated_paragraph_and_a_missing_byline():
    doc = read_text(COMPILATION_WITH_DOUBTS)
    title, subtitle, sections = shape(doc)
    assert (title, subtitle) == ("共话丝路新篇章", "——“一带一路”国际合作高峰论坛发言选登")
    assert [(t, b) for t, b, _ in sections] == [
        ("把握机遇 共谋发展", ("联合国工业发展组织总干事、前部长", "格尔德·穆勒")),  # a title shaped like a byline
        ("推动绿色丝绸之路建设", None),
        ("深化互联互通伙伴关系", ("某国交通部部长，国际交通论坛主席，区域合作委员会副主席", "约翰·史密斯")),
        ("携手构建人类命运共同体", ("中国人民外交学会会长", "王超")),
    ]
    assert [len(body) for _, _, body in sections] == [4, 2, 2, 1]
    assert sections[0][2][1][2] == sections[0][2][2][2]  # the repeat is kept ...
    assert repairs(doc) == [("repeated", (7, 8))]  # ... and reported
    assert structure_warnings(doc) == (
        "section 2 ('推动绿色丝绸之路建设') has no byline while the other 3 have one: "
        "its byline (or its title) may not have been recognised",
    )


def test_a_section_many_times_longer_than_the_others_is_a_warning():
    speech = "\n".join(f"{I}第{n}段说完了。" for n in range(1, 4))
    long_one = "\n".join(f"{I}这一段很长，第{n}段也说完了。" for n in range(1, 40))
    names = "张三 李四 王五 赵六".split()
    text = "合集\n\n" + "\n\n".join(
        f"第{n}篇讲话\n某部部长 {names[n - 1]}\n{long_one if n == 2 else speech}" for n in range(1, 5)
    )
    (warning,) = structure_warnings(read_text(text))
    assert warning.startswith("section 2 ('第2篇讲话') is ") and "39 paragraphs" in warning


# --- novels ---------------------------------------------------------------------------------

P1 = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖斩白蛇而起义，一统天下，后来光武中兴，传至献帝，遂分为三国。"
P2 = "推其致乱之由，殆始于桓、灵二帝。桓帝禁锢善类，崇信宦官；及桓帝崩，灵帝即位，大将军窦武、太傅陈蕃共相辅佐。"
P3 = "时有宦官曹节等弄权，窦武、陈蕃谋诛之，机事不密，反为所害，中涓自此愈横。"
P4 = "且说张角一人，本是个不第秀才，因入山采药，遇一老人，碧眼童颜，手执藜杖，唤角至一洞中，以天书三卷授之，曰：“此名《太平要术》，汝得之，当代天宣化，普救世人；若萌异心，必获恶报。”"
P5 = "角拜问姓名。老人曰：“吾乃南华老仙也。”言讫，化阵清风而去。𠀀𠀁二字不在GBK里。"  # outside GBK

# From an ebook site, GB18030, hard-wrapped at 30 characters with trailing spaces: boilerplate at
# the top, a PDF page marker between two lines of one paragraph, a short prose line alone between
# blank lines, a chapter heading right after the last line of a paragraph, 𠀀 and 𠀁 (not in GBK).
NOVEL_LINES = (
    ["--------------------------------", "本书由某某小说网（www.example-books.com）整理制作",
     "仅供交流学习使用，请勿用于商业用途", "--------------------------------", "", "三国演义", "",
     "第一回 宴桃园豪杰三结义", ""]
    + wrap(P1, 30) + ["----- Page 1 -----"] + wrap(P2, 30) + wrap(P3, 30)
    + ["", "天色已晚", ""] + wrap(P4, 30)
    + ["第二回 张翼德怒鞭督邮", ""] + wrap(P5, 30)
)
NOVEL = "\r\n".join(line + ("  " if n % 3 == 0 else "") for n, line in enumerate(NOVEL_LINES))


def test_hard_wrapped_gb18030_novel_from_an_ebook_site(tmp_path):
    path = tmp_path / "sanguo.txt"
    path.write_bytes(NOVEL.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert shape(doc) == (
        "三国演义",
        None,
        [
            ("第一回 宴桃园豪杰三结义", None, [
                ("body", 10, P1),
                ("body", 14, P2),  # 崇信宦官；|及桓帝崩: a wrap right after ；
                ("body", 16, P3),
                ("body", 19, "天色已晚"),  # a short prose line is not a chapter
                ("body", 21, P4),
            ]),
            ("第二回 张翼德怒鞭督邮", None, [("body", 27, P5)]),
        ],
    )
    assert repairs(doc) == [
        ("dropped", (1,)), ("dropped", (2,)), ("dropped", (3,)), ("dropped", (4,)),
        ("unwrapped", (11, 12, 15, 17, 22, 23, 24, 28)),
        ("dropped", (13,)),
    ]
    assert [r.detail.split(":")[1].strip() for r in doc.repairs if r.kind == "dropped"] == [
        "rule line dropped", "ebook-site boilerplate dropped", "ebook-site boilerplate dropped",
        "rule line dropped", "page marker dropped",
    ]
    assert "'----- Page 1 -----'" in doc.repairs[-1].detail


NOVEL_EXCERPT = "\n".join([
    "红楼梦（节选）",
    "作者：曹雪芹",
    "",
    "楔子",
    "",
    I + "此开卷第一回也。作者自云：因曾历过一番梦幻之后，故将真事隐去，  ",
    "----- Page 3 -----",
    "而借“通灵”之说，撰此《石头记》一书也。",
    "",
    "第1章 甄士隐梦幻识通灵",
    "",
    I + "原来女娲氏炼石补天之时，于大荒山无稽崖练成高经十二丈、方经二十四丈顽石三万六千五百零一块。",
    "",
    I + "那僧便念咒书符，大展幻术，将一块大石登时变成一块鲜明莹洁的美玉，且又缩成扇坠大小的可佩可拿。那僧托于掌上，笑道：",
    "",
    "----- Page 4 -----",
    "",
    "“形体倒也是个宝物了！还只没有实在的好处。”",
    "",
    "卷三",
    "",
    I + "却说封肃因听见公差传唤，忙出来陪笑启问，",
    "",
    "那些人只嚷：“快请出甄爷来！”",
    "",
    "他笑了",
    "",
    I + "封肃忙陪笑道：“小人姓封，并不姓甄。只有当日小婿姓甄，今已出家一二年了。”",
    "",
    "后记",
    "",
    I + "此书----- Page 9 -----成于乾隆年间。",
])


def test_novel_excerpt_with_every_kind_of_chapter_heading_and_page_break():
    doc = read_text(NOVEL_EXCERPT)
    assert shape(doc) == (
        "红楼梦（节选）",
        None,
        [
            (None, None, [("body", 2, "作者：曹雪芹")]),
            ("楔子", None, [("body", 6, "此开卷第一回也。作者自云：因曾历过一番梦幻之后，故将真事隐去，而借“通灵”之说，撰此《石头记》一书也。")]),
            ("第1章 甄士隐梦幻识通灵", None, [
                ("body", 12, "原来女娲氏炼石补天之时，于大荒山无稽崖练成高经十二丈、方经二十四丈顽石三万六千五百零一块。"),
                ("body", 14, "那僧便念咒书符，大展幻术，将一块大石登时变成一块鲜明莹洁的美玉，且又缩成扇坠大小的可佩可拿。"
                             "那僧托于掌上，笑道：“形体倒也是个宝物了！还只没有实在的好处。”"),
            ]),
            ("卷三", None, [
                ("body", 22, "却说封肃因听见公差传唤，忙出来陪笑启问，那些人只嚷：“快请出甄爷来！”"),
                ("body", 26, "他笑了"),
                ("body", 28, "封肃忙陪笑道：“小人姓封，并不姓甄。只有当日小婿姓甄，今已出家一二年了。”"),
            ]),
            ("后记", None, [("body", 32, "此书成于乾隆年间。")]),
        ],
    )
    assert repairs(doc) == [
        ("joined", (6, 8)), ("dropped", (7,)), ("joined", (14, 18)), ("dropped", (16,)), ("joined", (22, 24)),
        ("dropped", (32,)),
    ]
    assert "page marker inside the line" in doc.repairs[-1].detail


def test_chapter_headings_in_other_forms():
    text = "\n\n".join(["序", "这是序言。", "第十二章", "正文一段。", "Chapter 3: The Road", "Text.", "后记", "完。"])
    doc = read_text(text)
    assert [s.title.text for s in doc.sections] == ["序", "第十二章", "Chapter 3: The Road", "后记"]


# --- a real text: Lu Xun, 狂人日记 (skips without ../shared/corpus) ------------------------------

KUANGREN = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "text" / "kuangren-riji-luxun-utf8-crlf.txt"
NUMERALS = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三".split()


@pytest.fixture(scope="module")
def kuangren():
    if not KUANGREN.is_file():
        pytest.skip("the shared corpus is not here")
    return read_document(KUANGREN)


def test_kuangren_riji_sections_by_the_centred_numerals(kuangren):
    assert kuangren.title.text == "狂人日记"
    titles = [s.title.text if s.title else None for s in kuangren.sections]
    assert titles == [None, *NUMERALS, "注释"]  # the preface, 13 diary entries, the endnotes
    assert [len(s.paragraphs) for s in kuangren.sections] == [1, 1, 4, 11, 7, 2, 2, 4, 11, 2, 16, 4, 4, 3, 9]
    assert kuangren.sections[13].paragraphs[-1].text == "一九一八年四月。"  # the date stays with the last entry


def test_kuangren_riji_endnotes_are_notes_and_markers_stay_in_the_text(kuangren):
    notes = kuangren.sections[-1].paragraphs
    assert all(p.role == "note" for p in notes)
    assert [p.text[0] for p in notes] == list("⑴⑵⑶⑷⑸⑹⑺⑻⑼")
    assert notes[0].line == kuangren.sections[-1].title.line == 178  # 注释 ⑴…: heading and first note on one line
    assert "“本草什么”⑷上" in kuangren.sections[5].paragraphs[0].text


def test_kuangren_riji_stray_spaces_from_joined_hard_wraps_are_removed(kuangren):
    first = kuangren.sections[1].paragraphs[0].text
    assert first.startswith("今天晚上，很好的月光。我不见他，已是三十多年；今天见了，精神分外爽快。才知道以前的三十多年，全是发昏；")
    spaced = [r for r in kuangren.repairs if r.kind == "despaced"]
    assert len(spaced) == len(kuangren.repairs) == 46  # nothing else to repair: one line per paragraph
    body = [p.text for s in kuangren.sections for p in s.paragraphs]
    stray = [t for t in body if re.search("[\u4e00-\u9fff] [\u4e00-\u9fff]", t)]
    assert stray == []
    original = KUANGREN.read_text(encoding="utf-8")
    assert "".join("".join(p.text.split()) for p in kuangren.blocks()) == "".join(original.split())


def test_english_chapters_and_prose_lines_that_only_start_like_one():
    text = ("CHAPTER I.\n\nBook one was published in 1990.\n\nThe rest followed.\n\n"
            "Chapter Two: The Road\n\npart two of the plan\nwas never written.\n")
    doc = read_text(text, language="en")
    assert [(s.title.text, [p.text for p in s.paragraphs]) for s in doc.sections] == [
        ("CHAPTER I.", ["Book one was published in 1990.", "The rest followed."]),
        ("Chapter Two: The Road", ["part two of the plan was never written."]),
    ]


def test_a_damaged_byte_in_a_gbk_novel_is_reported_where_it_is(tmp_path):
    from pipeline.errors import EncodingError

    path = tmp_path / "damaged.txt"
    path.write_bytes(("第一回 宴桃园豪杰三结义\n\n" + I + P1 + "\n").encode("gb18030") + b"\xff\xfe" + P2.encode("gb18030"))
    with pytest.raises(EncodingError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:4: bytes at offset ")
    assert "(0xfffe)" in message and "GB18030 reads the text up to there" in message


def test_hard_wrapped_endnotes_and_a_wrapped_line_that_starts_like_a_sub_head():
    text = "\n".join([
        "第一章",
        "",
        I + "正文引用了一本书⑴，书中列了几项，其中",
        "一、二两项是主要的，其余从略。",
        "",
        "注释",
        "⑴这本书是一九一八年出版的，作者在书中讨论",
        "了许多问题。",
        "⑵另一条注释。",
    ])
    doc = read_text(text)
    assert shape(doc)[2] == [
        ("第一章", None, [("body", 3, "正文引用了一本书⑴，书中列了几项，其中一、二两项是主要的，其余从略。")]),
        ("注释", None, [("note", 7, "⑴这本书是一九一八年出版的，作者在书中讨论了许多问题。"), ("note", 9, "⑵另一条注释。")]),
    ]


def test_a_closing_paragraph_with_a_web_address_is_not_boilerplate():
    text = "\n".join(["合集", "", "第一篇", "某部部长 王五", I + "欢迎各位来宾。",
                     I + "详细情况请访问会议网站www.example.org.cn，欢迎各位朋友继续关注我们的工作。"])
    doc = read_text(text)
    assert [p.text for p in doc.sections[0].paragraphs][-1].startswith("详细情况请访问")
    assert repairs(doc) == []


GUTENBERG = """A TALE

CHAPTER I.

It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it
was the epoch of incredulity.

There were a king with a large jaw and a queen with a plain face, on the
throne of England; there were a king with a large jaw and a queen with
a fair face, on the throne of France.

It was the year of Our Lord one thousand seven hundred and seventy-five.
Spiritual revelations were conceded to England at that favoured period,
as at this.

CHAPTER II.

The Mail.
"""


def test_english_hard_wrapped_at_word_boundaries_joins_the_lines_of_each_block():
    doc = read_text(GUTENBERG, language="en")
    assert doc.title.text == "A TALE"
    assert [(s.title.text, [p.text for p in s.paragraphs]) for s in doc.sections] == [
        ("CHAPTER I.", [
            "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
            "foolishness, it was the epoch of belief, it was the epoch of incredulity.",
            "There were a king with a large jaw and a queen with a plain face, on the throne of England; there "
            "were a king with a large jaw and a queen with a fair face, on the throne of France.",
            "It was the year of Our Lord one thousand seven hundred and seventy-five. Spiritual revelations "
            "were conceded to England at that favoured period, as at this.",
        ]),
        ("CHAPTER II.", ["The Mail."]),
    ]
    assert repairs(doc) == [("unwrapped", (6, 7, 10, 11, 14, 15))]
    assert doc.repairs[0].detail.startswith("hard-wrapped text (")


def test_chinese_wrapped_without_indents_or_blank_lines_ends_paragraphs_at_short_lines():
    lines = [line for p in (P1, P2, P3, P4, P5) for line in wrap(p, 30, "")]  # P5 wraps right after a 。
    doc = read_text("\n".join(["第一回 开篇", *lines, "第二回 结尾", "完。"]))
    assert [p.text for p in doc.sections[0].paragraphs] == [P1, P2, P3, P4, P5]


def test_a_speech_right_under_the_title_or_subtitle_without_blank_lines():
    for text, subtitle in (
        ("合集标题\n——副标题\n以改革促发展\n某部部长 王五\n" + I + "正文说完了。", "——副标题"),
        ("合集标题\n以改革促发展\n某部部长 王五\n" + I + "正文说完了。", None),
    ):
        doc = read_text(text)
        assert shape(doc) == ("合集标题", subtitle, [("以改革促发展", ("某部部长", "王五"), [("body", 5 if subtitle else 4, "正文说完了。")])])


def test_a_byline_whose_title_is_missing_is_never_a_section_title_and_is_named():
    speeches = [
        ("以改革促发展", "某部部长 王五", "改革是发展的动力。我们要坚定不移推进改革。"),
        ("以开放促合作", "某国大使 约翰·史密斯", "开放带来进步，合作实现共赢。"),
        (None, "某研究院院长 李四", "创新是第一动力，人才是第一资源。"),  # the extraction lost this title
        ("以绿色促转型", "某协会会长 赵六", "绿色是高质量发展的底色。"),
    ]
    lines = ["合集标题", "——副标题"]
    for title, byline, body in speeches:
        lines += ([title] if title else []) + [byline, body]
    doc = read_text("\n\n".join(lines))  # every line its own block, as the user's own file
    assert [s.title.text for s in doc.sections] == ["以改革促发展", "以开放促合作", "以绿色促转型"]
    assert [p.text for p in doc.sections[1].paragraphs] == ["开放带来进步，合作实现共赢。", "某研究院院长 李四",
                                                          "创新是第一动力，人才是第一资源。"]
    (doubt,) = doc.doubts
    assert doubt == (17, "shaped like a byline, but no speech title stands above it: read as body text")
    assert "line 17: shaped like a byline" in "\n".join(structure_warnings(doc))

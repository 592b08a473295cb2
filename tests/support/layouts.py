"""Document shapes and the layouts plain text arrives in, for the layout matrix.

A :class:`Shape` is a document's structure as a reader should recover it:
title, subtitle, sections (title, byline, paragraphs), where a paragraph may
have been split by a page break into several parts (the reader joins them and
reports ``joined``), and a paragraph cut off for good ends without end
punctuation (reported ``truncated``). A :class:`Layout` writes a shape out as
plain text the way extractions and converters do: blank lines or not between
blocks, white-space-only separator lines, indents (U+3000 or ASCII), hard wraps
at a width with trailing spaces and page markers, CRLF, blank lines around the
text, the subtitle right under the title or after a blank line.

:func:`expected` is what :func:`pipeline.ingest.read_text` must give for any
cell, and :func:`expected_repairs` the repairs it must report.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.ingest.headings import split_byline
from pipeline.ingest.structure import ends_sentence

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "text"


@dataclass(frozen=True)
class Para:
    parts: tuple[str, ...]  # more than one where a page break split the paragraph
    role: str = "body"  # body | subheading | note

    @property
    def text(self) -> str:
        """The paragraph whole: CJK parts joined as they are; Latin ones with a space, or without
        the hyphen of a word split at the break (``trans-`` + ``lation``)."""
        text = self.parts[0]
        for part in self.parts[1:]:
            if not text[-1].isascii():
                text += part
            elif text.endswith("-"):
                text = text[:-1] + part
            else:
                text += " " + part
        return text


@dataclass(frozen=True)
class Section:
    title: tuple[str, ...] | None  # two lines: a kicker above the title
    byline: str | None
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Shape:
    name: str
    title: str | None
    subtitle: str | None
    sections: tuple[Section, ...]
    language: str = "zh"

    @property
    def needs_indent(self) -> bool:
        """A paragraph without end punctuation that is not its section's last (a short prose line, a
        paragraph ending 说，before a quote): only an indent tells it from a page-break split, so
        layouts without indents cannot carry this shape."""
        return ambiguous(self) > 0


def ambiguous(shape: Shape) -> int:
    """How many paragraphs end without end punctuation while another follows in their section."""
    return sum(1 for s in shape.sections for p in s.paras[:-1] if p.role == "body" and not ends_sentence(p.text))


def para(*parts: str, role: str = "body") -> Para:
    return Para(tuple(parts), role)


def title_text(lines: tuple[str, ...]) -> str:
    return lines[0] if len(lines) == 1 else lines[0] + "\u3000" + lines[1]


def expected(shape: Shape):
    """(title, subtitle, [(section title, (affiliation, name) | None, [(role, text)])])."""
    sections = []
    for s in shape.sections:
        byline = split_byline(s.byline) if s.byline else None
        sections.append((title_text(s.title) if s.title else None, byline, [(p.role, p.text) for p in s.paras]))
    return shape.title, shape.subtitle, sections


def expected_repairs(shape: Shape, layout: "Layout") -> Counter:
    """How many of each repair the reader must report (``unwrapped``, ``despaced`` not counted)."""
    found: Counter = Counter()
    seen: set[str] = set()
    for number, s in enumerate(shape.sections):
        front_matter = number == 0 and s.title is None  # 作者：… stands alone, it is not cut off
        for index, p in enumerate(s.paras):
            if len(p.text) >= 12 and p.role != "subheading":  # a long paragraph said twice is reported
                found["repeated"] += p.text in seen
                seen.add(p.text)
            found["joined"] += sum(1 for part in p.parts[:-1] if not part.endswith("-"))
            found["dehyphenated"] += sum(1 for part in p.parts[:-1] if part.endswith("-"))
            if layout.markers:
                found["dropped"] += len(p.parts) - 1
            if p.role == "body" and index == len(s.paras) - 1 and not ends_sentence(p.text) and not front_matter:
                found["truncated"] += 1
    return +found


def counted(repairs) -> Counter:
    return +Counter(r.kind for r in repairs if r.kind not in ("unwrapped", "despaced"))


# --- layouts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    name: str
    blank: str | None = ""  # the line between blocks ("" empty, "\u3000" white space only), None: no separator
    indent: str = ""  # before a paragraph's first line
    width: int | None = None  # hard-wrap paragraphs at this many characters
    trailing: bool = False  # trailing spaces on every other line
    markers: bool = False  # a page break is a page-marker line (else the separator, or nothing)
    crlf: bool = False
    lead: int = 0  # blank lines before the text, and after it
    subtitle_gap: bool = True  # a blank line between title and subtitle (where blocks are separated)
    heading_indent: str = ""  # before titles and bylines
    wrap_all: bool = False  # titles, subtitle and bylines hard-wrapped too (a long byline takes two lines)

    def render(self, shape: Shape) -> str:
        lines: list[str] = [""] * self.lead
        page = [0]

        def block(texts: list[str], *, gap: bool = True) -> None:
            if gap and self.blank is not None and len(lines) > self.lead:
                lines.append(self.blank)
            lines.extend(texts)

        def paragraph(p: Para) -> None:
            block(self._wrap(self.indent + p.parts[0], shape))
            for part in p.parts[1:]:  # after a page break, without an indent
                if self.markers:
                    page[0] += 1
                    lines.append(f"- {page[0]} -")
                    lines.extend(self._wrap(part, shape))
                else:
                    block(self._wrap(part, shape))

        def heading(text: str) -> list[str]:
            return self._wrap(self.heading_indent + text, shape) if self.wrap_all else [self.heading_indent + text]

        if shape.title is not None:
            block(heading(shape.title))
        if shape.subtitle is not None:
            block(heading(shape.subtitle), gap=self.subtitle_gap)
        for s in shape.sections:
            head = list(s.title) if s.title else []
            if s.byline:
                head.append(s.byline)
            if head:
                block(heading(head[0]))
                for line in head[1:]:
                    block(heading(line), gap=self._heads_apart)
            for p in s.paras:
                paragraph(p)
        lines.extend([""] * self.lead)
        if self.trailing:
            lines = [line + "  " if n % 2 and line else line for n, line in enumerate(lines)]
        return ("\r\n" if self.crlf else "\n").join(lines) + ("\r\n" if self.crlf else "\n")

    @property
    def _heads_apart(self) -> bool:
        return self.width is None or self.wrap_all  # a wrapped page keeps a title and its byline together

    def _wrap(self, text: str, shape: Shape) -> list[str]:
        """Hard wraps: CJK by character count, Latin at word boundaries."""
        if self.width is None:
            return [text]
        if shape.language == "zh":
            return [text[i : i + self.width] for i in range(0, len(text), self.width)]
        indent = text[: len(text) - len(text.lstrip())]
        return textwrap.wrap(text.lstrip(), self.width, initial_indent=indent, break_long_words=False,
                             break_on_hyphens=False)


I = "\u3000\u3000"

LAYOUTS = (
    Layout("blocks", lead=2),  # the user's own file
    Layout("blocks-white-space", blank="\u3000\u00a0", subtitle_gap=False),
    Layout("lines-indented", blank=None, indent=I),
    Layout("lines-indented-ascii", blank=None, indent="  ", crlf=True),
    Layout("lines-indented-blank", indent=I, lead=1),
    Layout("lines-indented-all", blank=None, indent=I, heading_indent=I),
    Layout("compact", blank=None),
    Layout("compact-crlf", blank=None, crlf=True, lead=1),
    Layout("wrapped-30", indent=I, width=30, markers=True),
    Layout("wrapped-38", blank=None, indent=I, width=38, trailing=True, markers=True),
    Layout("wrapped-60", indent=I, width=60, trailing=True, crlf=True, subtitle_gap=False),
    Layout("wrapped-80", blank=None, indent=I, width=80, markers=True, lead=2),
    Layout("wrapped-30-all", width=30, wrap_all=True),  # everything wrapped, blocks apart, no indents
    Layout("wrapped-38-all", blank=None, indent=I, width=38, wrap_all=True, markers=True, trailing=True),
)


def carries(layout: Layout, shape: Shape) -> bool:
    """Whether the layout keeps what the shape needs to be read unambiguously."""
    return not shape.needs_indent or bool(layout.indent)


# --- shapes ------------------------------------------------------------------------------------


def _sections_from_lines(lines: list[tuple[str, bool]], titles: dict[str, str | None]) -> tuple[Section, ...]:
    """Sections from (text, starts a block) lines: ``titles`` maps each section title to its byline.

    Body blocks are joined where the one before ends without end punctuation
    (a page break split it), except the last of a section (cut off for good).
    """
    sections: list[Section] = []
    current: list[list[str]] = []
    head: tuple[str, str | None] | None = None

    def close() -> None:
        if head is None and not current:
            return
        paras = tuple(Para(tuple(parts)) for parts in current)
        sections.append(Section((head[0],) if head else None, head[1] if head else None, paras))

    index = 0
    while index < len(lines):
        text, _ = lines[index]
        if text in titles:
            close()
            head, current = (text, titles[text]), []
            index += 2 if titles[text] else 1
            continue
        if current and not ends_sentence(current[-1][-1]):
            current[-1].append(text)
        else:
            current.append([text])
        index += 1
    close()
    return tuple(sections)


def user_compilation() -> Shape | None:
    """The user's own compilation (../shared/corpus), or None where the corpus is absent."""
    source = CORPUS / "wic-speeches-compilation.txt"
    if not source.is_file():
        return None
    structure = json.loads((CORPUS / "wic-speeches-compilation.structure.json").read_text(encoding="utf-8"))
    lines = [(line.strip(), True) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[0][0] == structure["title"] and lines[1][0] == structure["subtitle"]
    titles = {s["title"]: s["byline"] for s in structure["sections"]}
    sections = _sections_from_lines(lines[2:], titles)
    assert [[p.text for p in s.paras] for s in sections] == [s["paragraphs"] for s in structure["sections"]]
    return Shape("user-compilation", structure["title"], structure["subtitle"], sections)


SAMPLE = Path(__file__).resolve().parents[2] / "source" / "sample.txt"
SAMPLE_TITLES = {
    "以高质量发展推动绿色转型": "国家发展和改革委员会副主任、论坛执行主席 王建华",
    "开放合作是应对气候变化的必由之路": "国际绿色能源合作组织秘书长、气候政策高级顾问 玛丽亚·费尔南德斯",
    "数字技术赋能城市可持续发展": "中国科学院院士、东海理工大学校长 李晓明",
}


def shipped_sample() -> Shape:
    lines = [(line.strip(" \u3000"), True) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Shape("shipped-sample", lines[0][0], lines[1][0], _sections_from_lines(lines[2:], SAMPLE_TITLES))


# A compilation with what real pages add: an editor's note, a two-line title (kicker), sub-heads,
# a speech without byline, a repeated paragraph, padded and U+00A0 names, a Latin name.
def newspaper_page() -> Shape:
    return Shape("newspaper-page", "共建开放包容的世界经济", "——2024年经济论坛发言摘编", (
        Section(None, None, (
            para("编者按：2024年经济论坛于9月在上海举行。本版摘编部分嘉宾的发言，以飨读者。", role="note"),
            para("——编 者", role="note"),
        )),
        Section(("强基础 抓落实", "以改革开放推动高质量发展"), "国家发展和改革委员会副主任、论坛执行主席\u00a0王建华", (
            para("尊敬的各位来宾，女士们、先生们："),
            para("大家好！很高兴与各位相聚。我们在这里共同探讨开放合作的时代课题，", "意义重大。"),
            para("一、坚持创新驱动，增强发展动力", role="subheading"),
            para("创新是引领发展的第一动力。我们要加快科技自立自强，推动产业链创新链深度融合。"),
            para("二、坚持开放合作", role="subheading"),
            para("开放带来进步，封闭必然落后。谢谢大家！"),
        )),
        Section(("坚持开放合作  共创美好未来",), "国际合作组织秘书长，气候政策高级顾问\u00a0\u00a0陈\u00a0理", (
            para("各位朋友："),
            para("合作不是零和游戏，而是让蛋糕越做越大。我们愿与各方一道，携手前行，把合作的蛋糕做得更大更", "好。"),
            para("合作不是零和游戏，而是让蛋糕越做越大。"),
        )),
        Section(("推动绿色丝绸之路建设",), None, (
            para("绿色是共建“一带一路”的底色。我们要加强生态环境保护合作，共同建设清洁美丽的世界。"),
            para("谢谢大家！"),
        )),
        Section(("数字技术赋能城市发展",), "中国科学院院士、东海理工大学校长、城市研究院院长 李 林", (
            para("城市是人类活动最集中的地方。数字技术正在深刻改变城市的生产方式、生活方式和治理方式，"),
        )),
        Section(("把握机遇 共谋发展",), "联合国工业发展组织总干事、前部长 格尔德·穆勒", (
            para("十年来，共建“一带一路”取得了丰硕成果，为世界经济", "增长注入了新动力。"),
            para("谢谢大家！"),
        )),
    ))


P1 = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖斩白蛇而起义，一统天下，后来光武中兴，传至献帝，遂分为三国。"
P2 = "推其致乱之由，殆始于桓、灵二帝。桓帝禁锢善类，崇信宦官；及桓帝崩，灵帝即位，大将军窦武、太傅陈蕃共相辅佐。"
P3 = "时有宦官曹节等弄权，窦武、陈蕃谋诛之，机事不密，反为所害，中涓自此愈横。"
P4 = "且说张角一人，本是个不第秀才，因入山采药，遇一老人，碧眼童颜，手执藜杖，唤角至一洞中，以天书三卷授之，曰：“此名《太平要术》，汝得之，当代天宣化，普救世人；若萌异心，必获恶报。”"
P5 = "角拜问姓名。老人曰：“吾乃南华老仙也。”言讫，化阵清风而去。"


def novel() -> Shape:
    """An author line, chapters by their words (第一回, 楔子, 卷三, 后记), page-break splits, a short prose line."""
    return Shape("novel", "三国演义", None, (
        Section(None, None, (para("作者：罗贯中"),)),
        Section(("楔子",), None, (para("滚滚长江东逝水，浪花淘尽英雄。是非成败转头空。"),)),
        Section(("第一回 宴桃园豪杰三结义",), None, (
            para(P1),
            para(P2[:30], P2[30:]),
            para(P3),
            para("天色已晚"),
            para(P4),
        )),
        Section(("卷三",), None, (para(P5[:12], P5[12:]), para(P1[:40] + "。"))),
        Section(("第二回 张翼德怒鞭督邮",), None, (para(P3), para(P2))),
        Section(("后记",), None, (para("此书成于元末明初。"),)),
    ))


def numbered_story() -> Shape:
    """Sections headed by a numeral alone (一, 二, …), a preface without title, endnotes."""
    body = [P1, P2, P3, P4, P5]
    sections = [Section(None, None, (para("某君昆仲，今隐其名，皆余昔日在中学校时良友；分隔多年，消息渐阙。"),))]
    for n, numeral in enumerate("一二三四五六七"):
        paras = (para(body[n % 5]), para(body[(n + 2) % 5][:25], body[(n + 2) % 5][25:]))
        sections.append(Section((numeral,), None, paras))
    sections.append(Section(("注释",), None, (
        para("⑴本篇最初发表于一九一八年五月《新青年》月刊。", role="note"),
        para("⑵“易子而食”：语见《左传》宣公十五年。", role="note"),
    )))
    return Shape("numbered-story", "狂人日记", None, tuple(sections))


def kuangren_riji() -> Shape | None:
    """Lu Xun's story from the corpus as the reader gives it (tests/ingest/test_real_shapes.py checks
    that), every third long paragraph split by a page break mid-sentence."""
    from pipeline.ingest import read_document

    source = CORPUS / "kuangren-riji-luxun-utf8-crlf.txt"
    if not source.is_file():
        return None
    doc = read_document(source)
    count = 0
    sections = []
    for s in doc.sections:
        paras = []
        for p in s.paragraphs:
            count += p.role == "body" and len(p.text) > 60
            if p.role == "note":  # ⑽ runs on inside ⑼'s line in the file: a note of its own on a line of its own
                paras.extend(Para((note,), "note") for note in re.split(r"(?<=[。”])(?=[⑴-⒇])", p.text))
            elif count % 3 == 1 and p.role == "body":
                paras.append(_split_mid_sentence(p.text, p.role))
            else:
                paras.append(Para((p.text,), p.role))
        sections.append(Section((s.title.text,) if s.title else None, None, tuple(paras)))
    return Shape("kuangren-riji", doc.title.text, None, tuple(sections))


def _split_mid_sentence(text: str, role: str) -> Para:
    """Two parts, cut near the middle between two Chinese characters (not after punctuation)."""
    for cut in range(len(text) // 2, len(text) - 1):
        if "\u4e00" <= text[cut - 1] <= "\u9fff" and "\u4e00" <= text[cut] <= "\u9fff":
            return Para((text[:cut], text[cut:]), role)
    return Para((text,), role)


def english_novel() -> Shape:
    """Latin text: chapter headings, a page break between words and one inside a word."""
    return Shape("english-novel", "A TALE OF TWO CITIES", None, (
        Section(("CHAPTER I.",), None, (
            para("It was the best of times, it was the worst of times, it was the age of wisdom, it was the age "
                 "of foolishness, it was the epoch of belief, it was the epoch of", "incredulity, it was the "
                 "season of Light, it was the season of Darkness."),
            para("There were a king with a large jaw and a queen with a plain face, on the throne of England; "
                 "there were a king with a large jaw and a queen with a fair face, on the throne of France."),
        )),
        Section(("CHAPTER II.",), None, (
            para("It was the Dover road that lay, on a Friday night late in November, before the first of the "
                 "persons with whom this history has busi-", "ness. The Dover road lay, as to him, beyond the "
                 "Dover mail, as it lumbered up Shooter's Hill."),
            para("He walked uphill in the mire by the side of the mail, as the rest of the passengers did."),
        )),
    ), language="en")


def shapes() -> list[Shape]:
    found = [shipped_sample(), newspaper_page(), novel(), numbered_story(), english_novel()]
    found[:0] = [shape for shape in (user_compilation(), kuangren_riji()) if shape is not None]
    return found

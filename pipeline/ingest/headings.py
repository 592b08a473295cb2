"""What a line is, by its shape: a byline, a chapter heading, a sub-head, a note.

These tests look at one line's text only; :mod:`pipeline.ingest.structure`
decides with the lines around it.
"""

from __future__ import annotations

import re

MAX_BYLINE = 80
MAX_NAME = 24
MAX_HEADING = 40  # characters of a CJK chapter heading or sub-head
MAX_LATIN_HEADING = 80

_SEP = "[ \u00a0\u3000\t]"
_HAN = "[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
# Sentence punctuation never found in a byline (the offices may be joined by 、 or ，).
_NOT_IN_BYLINE = re.compile(r"[。！？；：“”\"!?;]")
_HAS_SEP = re.compile(_SEP)
_PADDED_NAME = re.compile(rf"(.*?\S){_SEP}+({_HAN}){_SEP}{{1,3}}({_HAN})")
_LAST_WORD = re.compile(rf"(.*?\S){_SEP}+(\S+)")
_HAN_NAME = re.compile(rf"{_HAN}{{2,4}}")
_FOREIGN_NAME = re.compile(rf"{_HAN}+(?:[·•・．.]{_HAN}+)+")
_ALL_HAN = re.compile(rf"{_HAN}+")

_CN_NUMBER = "一二三四五六七八九十百千零〇两"
_NUMBER = rf"[{_CN_NUMBER}0-9０-９]+"
_LATIN_NUMBER = (
    r"(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|last)"
)
_CHAPTER = re.compile(
    rf"(?:第\s*{_NUMBER}\s*[回章节卷部篇集幕折]|卷\s*{_NUMBER}|楔子|引子|序章|序言|序幕|序|前言|自序|后记|尾声|跋|番外|附录)"
    r"(?:[\s:：.．·、—-]+.*)?"
    rf"|(?:chapter|part|book)\s+{_LATIN_NUMBER}(?:\.|\s*[:.—-]\s*\S.*|\s+[A-Z0-9\"“'].*)?"
    r"|(?:prologue|epilogue|preface|afterword|introduction|foreword)(?:\.|\s*[:.—-]\s*\S.*)?",
    re.IGNORECASE,
)
_CHAPTER_START = frozenset("第卷楔引序前自后尾跋番附CcPpBbIiFfEeAa")
_NUMERAL = re.compile(rf"[{_CN_NUMBER}]{{1,5}}|[0-9０-９]{{1,3}}")
_SUBHEAD = re.compile(rf"(?:[{_CN_NUMBER}]{{1,3}}、|[（(][{_CN_NUMBER}]{{1,3}}[)）])\s*\S")
_STRONG_END = re.compile(r"[。！？!?…；;]\W*$")
_EDITOR_NOTE = re.compile(r"[【\[〔(（]?\s*(?:编者按|编者的话|编者注|编辑按|编者附记)")
_SIGNATURE = re.compile(r"[—－-]{1,2}\s*\S(?:[ \u00a0\u3000]?\S){0,9}")
_ENDNOTES = re.compile(r"(注释|注解|附注|注)\s*[:：]?\s*")
NOTE_MARK = re.compile(r"[⑴-⒇①-⑳]|\[\d{1,3}\]|［\d{1,3}］|〔\d{1,3}〕|[(（]\d{1,3}[)）]")


def _is_han_name(name: str) -> bool:
    return bool(_HAN_NAME.fullmatch(name) or (len(name) <= MAX_NAME and _FOREIGN_NAME.fullmatch(name)))


def split_byline(text: str) -> tuple[str, str] | None:
    """(affiliation, name) if the line is byline-shaped, else None.

    ``<offices> <name>``: offices joined by 、 or ，, one or two spaces
    (U+00A0 and U+3000 too) before the name. A Chinese name has 2 to 4
    characters and may be padded inside (``陈\u00a0理`` is 陈理); a foreign one
    is joined by ``·``. Otherwise (Latin script) the name is the last word, capitalised.
    """
    if len(text) > MAX_BYLINE or _HAS_SEP.search(text) is None or _NOT_IN_BYLINE.search(text):
        return None
    if text.endswith((".", "，", ",", "、")):
        return None
    padded = _PADDED_NAME.fullmatch(text)
    if padded:
        affiliation, name = padded.group(1), padded.group(2) + padded.group(3)
    else:
        last = _LAST_WORD.fullmatch(text)
        if last is None:
            return None
        affiliation, name = last.group(1), last.group(2)
    affiliation = affiliation.strip()
    if not affiliation:
        return None
    if _ALL_HAN.match(name):
        if not _is_han_name(name):
            return None
    elif not (2 <= len(name) <= MAX_NAME) or not name[0].isupper():
        return None  # a Latin name is capitalised: "… blew over the" is prose
    return affiliation, name


def is_chapter_heading(text: str) -> bool:
    """``第一回 …``, ``第十二章``, ``卷三``, ``楔子``, ``序``, ``后记``, ``Chapter 3``: short, no sentence end."""
    if text[:1] not in _CHAPTER_START:
        return False
    latin = text[:1].isascii()
    if latin and (not text[0].isupper() or (len(text) > 14 and text.endswith((".", ",", ";")))):
        return False  # part two of the plan; Book one was published in 1990.
    limit = MAX_LATIN_HEADING if latin else MAX_HEADING
    return len(text) <= limit and _CHAPTER.fullmatch(text) is not None and not _STRONG_END.search(text)


def is_numeral(text: str) -> bool:
    """A number alone (``一``, ``十三``, ``12``): a section number when it stands alone."""
    return _NUMERAL.fullmatch(text) is not None


_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def numeral_value(text: str) -> int | None:
    """The number a numeral alone stands for (``十三`` 13, ``12``, ``１２``), None past what sections use."""
    if text.isdigit():
        return int(text)  # int() reads full-width digits too
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def is_subheading(text: str) -> bool:
    """``一、…`` or ``（二）…``: short, and it does not end a sentence."""
    return len(text) <= MAX_HEADING and _SUBHEAD.match(text) is not None and not _STRONG_END.search(text)


def starts_editor_note(text: str) -> bool:
    return _EDITOR_NOTE.match(text) is not None


def is_signature(text: str) -> bool:
    """``——编 者``: the line that closes an editor's note."""
    return len(text) <= 14 and _SIGNATURE.fullmatch(text) is not None


def endnotes_heading(text: str) -> int:
    """Length of an endnotes heading (``注释``) that starts the line and is followed by a note, or 0.

    ``注释`` alone is a heading; ``注释 ⑴本篇…`` is the heading and the first note.
    """
    match = _ENDNOTES.match(text) if text[:1] in "注附" else None
    if match is None:
        return 0
    rest = text[match.end() :]
    if not rest:
        return len(match.group(1))
    return len(match.group(1)) if NOTE_MARK.match(rest) else 0

"""Marks as inline codes in TMX: ``<bpt>``/``<ept>`` around a formatted span,
``<ph>`` for a footnote reference or a line break, and back.

The code's content is diglot's own native code, ``<emphasis>``, ``<link
href="…">``, ``<footnote href="…"/>``: a CAT tool shows and moves it as a
tag, and diglot reads kind and href back from it. ``bpt``/``ept`` pair by
``i``, so spans may overlap. Inline codes of other tools are left out (their
text is read as plain text, as before).
"""

from __future__ import annotations

import re
from html import escape, unescape

from pipeline.model import MARK_KINDS, Mark

_NATIVE = re.compile(r'^<(/?)([a-z]+)(?: href="([^"]*)")?(?: lang="([^"]*)")?\s*/?>$')


def native(text: str) -> tuple[str, str, str] | None:
    """(kind, href, language) of a diglot native code (``<link href="…">``), or None."""
    found = _NATIVE.match(unescape(text.strip()))
    if found is None or found.group(2) not in MARK_KINDS:
        return None
    return found.group(2), found.group(3) or "", found.group(4) or ""


def code(mark: Mark, closing: bool = False, empty: bool = False) -> str:
    """The native code of ``mark`` (what TMX codes and XLIFF 2 ``originalData`` hold)."""
    if closing:
        return f"</{mark.kind}>"
    attrs = f' href="{escape(mark.href)}"' if mark.href else ""
    attrs += f' lang="{escape(mark.language)}"' if mark.language else ""
    return f"<{mark.kind}{attrs}{'/' if empty else ''}>"


def fill_seg(seg, text: str, marks, clean=lambda t: t) -> None:
    """Give an empty lxml ``<seg>`` the text with its marks as bpt/ept/ph codes."""
    from lxml import etree

    events: list[tuple[int, int, str, Mark, int]] = []  # (offset, order, what, mark, i)
    for i, mark in enumerate(sorted(marks, key=lambda m: (m.start, -m.end)), start=1):
        if not 0 <= mark.start <= mark.end <= len(text):
            continue
        if mark.start == mark.end:
            events.append((mark.start, 1, "ph", mark, i))
        else:
            events.append((mark.start, 2, "bpt", mark, i))
            events.append((mark.end, 0, "ept", mark, i))
    events.sort(key=lambda e: (e[0], e[1], -e[4] if e[2] == "ept" else e[4]))
    pos = 0
    last = None
    for offset, _, what, mark, i in events:
        piece = clean(text[pos:offset])
        if last is None:
            seg.text = (seg.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece
        pos = offset
        if what == "bpt":
            last = etree.SubElement(seg, "bpt", i=str(i), type=mark.kind)
            last.text = code(mark)
        elif what == "ept":
            last = etree.SubElement(seg, "ept", i=str(i))
            last.text = code(mark, closing=True)
        else:
            last = etree.SubElement(seg, "ph", type=mark.kind)
            last.text = code(mark, empty=True)
    rest = clean(text[pos:])
    if last is None:
        seg.text = (seg.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest


def read_seg(seg, text_of) -> tuple[str, tuple[Mark, ...]]:
    """(text, marks) of a ``<seg>``; ``text_of(element)`` reads a child that holds text (``<hi>``)."""
    text = seg.text or ""
    marks: list[Mark] = []
    opened: dict[str, tuple[int, str, str, str]] = {}
    for child in seg:
        name = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        found = native("".join(child.itertext())) if name in ("bpt", "ept", "ph") else None
        if name == "bpt" and found:
            opened[child.get("i", "")] = (len(text), *found)
        elif name == "ept" and child.get("i", "") in opened:
            start, kind, href, lang = opened.pop(child.get("i", ""))
            if len(text) > start:
                marks.append(Mark(kind, start, len(text), href=href, language=lang))
        elif name == "ph" and found:
            marks.append(Mark(found[0], len(text), len(text), href=found[1]))
        elif name in ("hi", "sub", "g", "mrk", "pc", "span"):
            text += text_of(child)
        text += child.tail or ""
    return text, tuple(sorted(marks, key=lambda m: (m.start, -m.end)))

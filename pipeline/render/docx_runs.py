"""Target text with marks as WordprocessingML runs (lxml elements), for the book DOCX.

A translation's marks become run formatting: ``emphasis`` → ``w:i``,
``strong`` → ``w:b``, ``superscript``/``subscript`` → ``w:vertAlign``,
``link`` → ``w:hyperlink``, ``linebreak`` → ``w:br``, ``footnote`` → the
source's note reference run. Without marks the text is one plain run.
Which property shows which mark, and the schema's order of ``w:rPr``'s
children (Word rejects a file where it is not kept), are :mod:`pipeline.word.props`.
"""

from __future__ import annotations

import copy

from pipeline.model import Mark
from pipeline.word.names import R_ID, W
from pipeline.word.props import LINK_COLOUR, TOGGLES, VERTICAL, set_child
from pipeline.xmlsafe import XML_SPACE, clean

# What a copied base rPr loses: the source's marks, language, revision marks.
_DROP = {W + t for t in "rStyle b bCs i iCs vertAlign lang rtl cs ins del moveFrom moveTo rPrChange vanish".split()}


class RunMaker:
    """Makes runs in one part: ``base`` rPr (copied from the source paragraph), the language, links' rel ids."""

    def __init__(self, *, lang: dict, east_asian_font: str, rtl: bool, style: str, link_style: str, relate):
        self.lang = lang  # w:lang attributes for the target
        self.font = east_asian_font  # set as w:eastAsia when the target is East Asian, else ""
        self.rtl = rtl
        self.style = style  # character style marking the translation ("" for none)
        self.link_style = link_style
        self.relate = relate  # url -> relationship id in this part

    def base_rpr(self, source_p):
        """The rPr of the source paragraph's first text run, less its marks, language and revision marks."""
        for r in source_p.iter(W + "r"):
            if r.find(W + "t") is not None and r.find(W + "rPr") is not None:
                rpr = copy.deepcopy(r.find(W + "rPr"))
                for child in list(rpr):
                    if child.tag in _DROP:
                        rpr.remove(child)
                return rpr
        return source_p.makeelement(W + "rPr", {})

    def runs(self, source_p, text: str, marks: tuple[Mark, ...], note_runs: list) -> list:
        """Elements (runs and hyperlinks) for ``text``; ``note_runs`` are put where footnote marks fall."""
        from pipeline.render.inline import runs as cut

        base = self.base_rpr(source_p)
        notes = list(note_runs)
        out: list = []
        after_break = False
        for piece in cut(text, marks):
            if piece.point is not None:
                if piece.point.kind == "linebreak":
                    out.append(self._run(base, None, ()))
                    after_break = True
                elif piece.point.kind == "footnote" and notes:
                    out.append(notes.pop(0))
                continue
            words = piece.text.lstrip(" ") if after_break else piece.text
            after_break = False
            if not words:
                continue
            link = piece.has("link")
            href = link.href if link is not None else ""
            run = self._run(base, words, tuple(m.kind for m in piece.marks), link=bool(href))
            if href and out and out[-1].tag == W + "hyperlink" and out[-1].get("_href") == href:
                out[-1].append(run)
            elif href:
                out.append(self._hyperlink(run, href))
            else:
                out.append(run)
        out.extend(notes)  # references whose mark the translation lost go at its end
        for el in out:
            el.attrib.pop("_href", None)
        return out

    def _hyperlink(self, run, href: str):
        h = run.makeelement(W + "hyperlink", {"_href": href})
        if href.startswith("#"):
            h.set(W + "anchor", href[1:])
        else:
            h.set(R_ID, self.relate(href))
        h.append(run)
        return h

    def _run(self, base, text: str | None, kinds: tuple[str, ...], *, link: bool = False):
        r = base.makeelement(W + "r", {})
        rpr = copy.deepcopy(base)
        style = self.link_style if link and self.link_style else self.style
        if style:
            set_child(rpr, W + "rStyle", {W + "val": style})
        if self.font:
            set_child(rpr, W + "rFonts", {W + "eastAsia": self.font, W + "hint": "eastAsia"})
        else:
            fonts = rpr.find(W + "rFonts")
            if fonts is not None:
                fonts.attrib.pop(W + "hint", None)
        for kind, name, _ in TOGGLES:
            if kind in kinds:
                set_child(rpr, W + name)
        for kind in VERTICAL:  # both marks: the last one shows
            if kind in kinds:
                set_child(rpr, W + "vertAlign", {W + "val": kind})
        if link and not self.link_style:  # a document without a Hyperlink style: look like a link anyway
            set_child(rpr, W + "color", {W + "val": LINK_COLOUR})
            set_child(rpr, W + "u", {W + "val": "single"})
        if self.rtl:
            set_child(rpr, W + "rtl")
        set_child(rpr, W + "lang", self.lang)
        r.append(rpr)
        if text is None:
            r.append(r.makeelement(W + "br", {}))
            return r
        for i, piece in enumerate(text.split("\t")):
            if i:
                r.append(r.makeelement(W + "tab", {}))
            if piece:
                t = r.makeelement(W + "t", {XML_SPACE: "preserve"})
                t.text = clean(piece)
                r.append(t)
        return r

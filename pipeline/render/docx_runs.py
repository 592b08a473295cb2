"""Target text with marks as WordprocessingML runs (lxml elements), for the book DOCX.

A translation's marks become run formatting: ``emphasis`` → ``w:i``,
``strong`` → ``w:b``, ``superscript``/``subscript`` → ``w:vertAlign``,
``link`` → ``w:hyperlink``, ``linebreak`` → ``w:br``, ``footnote`` → the
source's note reference run. Without marks the text is one plain run.
Children of ``w:rPr`` are kept in the schema's order (Word rejects a file
where they are not).
"""

from __future__ import annotations

import copy

from pipeline.ingest.docx.package import R_NS, W
from pipeline.model import Mark
from pipeline.render.common import clean

# CT_RPr's children, in schema order.
RPR_ORDER = [W + t for t in (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()]
# What a copied base rPr loses: the source's marks, language, revision marks.
_DROP = {W + t for t in "rStyle b bCs i iCs vertAlign lang rtl cs ins del moveFrom moveTo rPrChange vanish".split()}


def set_child(rpr, tag: str, attrs: dict | None = None):
    """The ``tag`` child of ``rpr`` (created in schema order), with ``attrs`` set."""
    el = rpr.find(tag)
    if el is None:
        el = rpr.makeelement(tag, {})
        rank = RPR_ORDER.index(tag) if tag in RPR_ORDER else len(RPR_ORDER)
        for child in rpr:  # before the first that comes later, or the first extension (w14:…, last in Word's own)
            later = RPR_ORDER.index(child.tag) > rank if child.tag in RPR_ORDER else not child.tag.startswith(W)
            if later:
                child.addprevious(el)
                break
        else:
            rpr.append(el)
    for key, value in (attrs or {}).items():
        el.set(key, value)
    return el


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
            h.set("{%s}id" % R_NS, self.relate(href))
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
        if "strong" in kinds:
            set_child(rpr, W + "b")
        if "emphasis" in kinds:
            set_child(rpr, W + "i")
        for kind in ("superscript", "subscript"):
            if kind in kinds:
                set_child(rpr, W + "vertAlign", {W + "val": kind})
        if link and not self.link_style:  # a document without a Hyperlink style: look like a link anyway
            set_child(rpr, W + "color", {W + "val": "0563C1"})
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
                t = r.makeelement(W + "t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                t.text = clean(piece)
                r.append(t)
        return r

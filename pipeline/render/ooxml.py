"""WordprocessingML built as strings: runs and paragraphs.

Rows and paragraphs are written as XML text and put into the body in one go
(:mod:`pipeline.render.ooxml_document`), which keeps a 10,000-row review table
linear (python-docx's ``table.cell(i, j)`` is quadratic). Child order inside
``w:rPr``/``w:pPr``/``w:tcPr`` follows the schema: Word rejects a file where it
does not. Which run property shows which mark is :mod:`pipeline.word.props`.
"""

from __future__ import annotations

import re

from xml.sax.saxutils import quoteattr

from pipeline.languages import is_rtl
from pipeline.model import Edition
from pipeline.render.common import Span, cjk_font, east_asian, lang_tag
from pipeline.word.props import CODE_FONT, LINK_COLOUR, run_format
from pipeline.xmlsafe import clean


class Lang:
    """The run properties that tag a run with its language (and East Asian font)."""

    def __init__(self, code: str, edition: Edition):
        self.code = code
        self.tag = lang_tag(code)
        self.east_asian = east_asian(code)
        self.rtl = is_rtl(code)
        self.font = cjk_font(edition)[0]
        self.key = (self.tag, self.east_asian, self.rtl, self.font)  # what the run properties depend on

    def fonts(self) -> str:
        if self.east_asian:
            return f'<w:rFonts w:hint="eastAsia" w:eastAsia={quoteattr(self.font)}/>'
        return ""

    def lang(self) -> str:
        if self.east_asian:
            return f'<w:lang w:eastAsia="{self.tag}"/>'
        if self.rtl:  # w:rtl comes right before w:lang in rPr
            return f'<w:rtl/><w:lang w:bidi="{self.tag}"/>'
        return f'<w:lang w:val="{self.tag}"/>'


def text_xml(text: str) -> str:
    """``w:t`` elements for ``text``; newlines become ``w:br``, tabs ``w:tab``."""
    text = clean(text)
    if "\n" not in text and "\t" not in text:  # nearly every run: one w:t
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>' if text else ""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{escape_text(piece)}</w:t>')
    return "".join(out)


def escape_text(text: str) -> str:
    """What ``xml.sax.saxutils.escape`` does, without its call overhead (runs are many)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    return text


def run(
    text: str,
    lang: Lang | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    vanish: bool = False,
    color: str = "",
    size: int = 0,
    highlight: str = "",
    style: str = "",
    underline: bool = False,
    vert: str = "",
    font: str = "",
) -> str:
    """One ``w:r`` (rPr children in schema order). ``vert``: superscript | subscript;
    ``font``: a Latin font in place of the language's (code)."""
    key = (lang.key if lang is not None else None, bold, italic, vanish, color, size, highlight, style,
           underline, vert, font)
    props = _RUN_PROPS.get(key)
    if props is None:
        props = _run_props(lang, bold, italic, vanish, color, size, highlight, style, underline, vert, font)
        if len(_RUN_PROPS) < 4096:
            _RUN_PROPS[key] = props
    return f"<w:r>{props}{text_xml(text)}</w:r>"


_RUN_PROPS: dict[tuple, str] = {}  # the rPr of each combination of run properties: a few dozen per document


def _run_props(lang, bold, italic, vanish, color, size, highlight, style, underline, vert, font) -> str:
    rpr = []
    if style:
        rpr.append(f'<w:rStyle w:val="{style}"/>')
    if font:
        rpr.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>')
    elif lang is not None:
        rpr.append(lang.fonts())
    if bold:
        rpr.append("<w:b/><w:bCs/>")
    if italic:
        rpr.append("<w:i/><w:iCs/>")
    if vanish:
        rpr.append("<w:vanish/>")
    if color:
        rpr.append(f'<w:color w:val="{color}"/>')
    if size:
        rpr.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if highlight:
        rpr.append(f'<w:highlight w:val="{highlight}"/>')
    if underline:
        rpr.append('<w:u w:val="single"/>')
    if vert:
        rpr.append(f'<w:vertAlign w:val="{vert}"/>')
    if lang is not None:
        rpr.append(lang.lang())
    return f"<w:rPr>{''.join(rpr)}</w:rPr>" if rpr else ""


HIGHLIGHT = {"term": "yellow", "problem": "red"}


def span_runs(spans: list[Span], lang: Lang, **kw) -> str:
    """Runs for text cut into spans: terms highlighted yellow, problems red."""
    if len(spans) == 1 and not spans[0].kind:  # most segments: one plain span
        return run(spans[0].text, lang, **kw) if spans[0].text else ""
    plain = {**kw, "color": kw.get("color", "")}
    problem = {**kw, "color": "FFFFFF"}
    return "".join(
        run(span.text, lang, highlight=HIGHLIGHT.get(span.kind, ""), **(problem if span.kind == "problem" else plain))
        for span in spans
        if span.text
    )


def marked_runs(spans: list[Span], marks, lang: Lang, *, link=None, note=None, **kw) -> str:
    """Runs for text cut into term spans (highlighted) and formatted by its marks:
    emphasis italic, strong bold, code in a code font, superscript/subscript,
    links as ``w:hyperlink`` (``link(href)`` gives the relationship id), footnote
    references as ``note(mark, text)`` (runs; ``text`` is what a reference
    written as text covers, else empty), line breaks as ``w:br`` (unless
    ``breaks=False``: a review cell's text must read back unchanged)."""
    kw = dict(kw)
    breaks = kw.pop("breaks", True)
    if not marks:
        return span_runs(spans, lang, **kw)
    from pipeline.render.inline import runs

    bounds = []
    pos = 0
    for span in spans:
        bounds.append((pos, pos + len(span.text), span.kind))
        pos += len(span.text)
    text = "".join(span.text for span in spans)
    out = []
    pos = 0
    for piece in runs(text, marks):
        if piece.point is not None:
            if piece.point.kind == "linebreak" and breaks:
                out.append("<w:r><w:br/></w:r>")
            elif piece.point.kind == "footnote" and note is not None:
                out.append(note(piece.point, ""))
            continue
        end = pos + len(piece.text)
        if piece.has("footnote") is not None and note is not None:  # a reference written as text
            out.append(note(piece.has("footnote"), piece.text))
            pos = end
            continue
        href = piece.has("link").href if piece.has("link") else ""
        shown = run_format({m.kind for m in piece.marks})
        fmt = dict(kw)
        fmt["italic"] = kw.get("italic", False) or shown.italic
        fmt["bold"] = kw.get("bold", False) or shown.bold
        fmt["vert"] = shown.vert
        fmt["font"] = CODE_FONT if shown.code else ""
        if href:
            fmt["color"], fmt["underline"] = LINK_COLOUR, True
        xml = []
        for a, b, kind in bounds:
            lo, hi = max(a, pos), min(b, end)
            if hi > lo:
                color = "FFFFFF" if kind == "problem" else fmt.get("color", "")
                xml.append(run(text[lo:hi], lang, highlight=HIGHLIGHT.get(kind, ""), **{**fmt, "color": color}))
        chunk = "".join(xml)
        if href and link is not None:
            chunk = f'<w:hyperlink r:id="{link(href)}" w:history="1">{chunk}</w:hyperlink>'
        out.append(chunk)
        pos = end
    return "".join(out)


def picture_run(edition: Edition, doc, block, width: int, height: int = 0) -> str:
    """A run holding a figure paragraph's picture (the file beside the source that the
    EPUB embeds too), at most ``width`` twips wide (and ``height`` high, if given); ""
    when there is none or python-docx cannot read it (the alt text then stands alone)."""
    from io import BytesIO

    from lxml import etree

    from pipeline.render.epub import figure_picture

    found = figure_picture(edition, block)
    if found is None:
        return ""
    try:
        inline = doc.part.new_pic_inline(BytesIO(found[0]), None, None)
    except Exception:  # python-docx cannot read this picture
        return ""
    extent = inline.extent
    scale = min(1.0, width * 635 / extent.cx, height * 635 / extent.cy if height else 1.0)  # twips to EMU
    if scale < 1.0:  # scale down, keeping the proportions
        extent.cx, extent.cy = max(1, int(extent.cx * scale)), max(1, int(extent.cy * scale))
        graphic = inline.graphic.graphicData.pic.spPr.xfrm.ext
        graphic.cx, graphic.cy = extent.cx, extent.cy
    return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"


def paragraph(runs: str, *, style: str = "", keep_next: bool = False, align: str = "",
              after: int | None = None, before: int | None = None, indent: int = 0) -> str:
    """One ``w:p`` (pPr children in schema order)."""
    key = (style, keep_next, _right_to_left(runs), after, before, indent, align)
    props = _PARAGRAPH_PROPS.get(key)
    if props is None:
        props = _paragraph_props(*key)
        if len(_PARAGRAPH_PROPS) < 4096:
            _PARAGRAPH_PROPS[key] = props
    return f"<w:p>{props}{runs}</w:p>"


_PARAGRAPH_PROPS: dict[tuple, str] = {}  # the pPr of each combination of paragraph properties


def _paragraph_props(style, keep_next, rtl, after, before, indent, align) -> str:
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if rtl:
        ppr.append("<w:bidi/>")
    if after is not None or before is not None:
        attrs = ""
        if before is not None:
            attrs += f' w:before="{before}"'
        if after is not None:
            attrs += f' w:after="{after}"'
        ppr.append(f"<w:spacing{attrs}/>")
    if indent:
        ppr.append(f'<w:ind w:left="{indent}"/>')
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    return f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""


def _right_to_left(runs: str) -> bool:
    """True when every run with text is right-to-left: then so is the paragraph."""
    if "<w:rtl/>" not in runs:  # nearly every paragraph: no need to look at each run
        return False
    texts = [r for r in _RUN.findall(runs) if "<w:t" in r]
    return bool(texts) and all("<w:rtl/>" in r for r in texts)


_RUN = re.compile(r"<w:r[ >].*?</w:r>", re.S)

"""WordprocessingML built as strings: runs, paragraphs, a document set up once.

Rows and paragraphs are written as XML text and parsed in one go per table,
which keeps a 10,000-row review table linear (python-docx's ``table.cell(i, j)``
is quadratic). Child order inside ``w:rPr``/``w:pPr``/``w:tcPr`` follows the
schema: Word rejects a file where it does not.
"""

from __future__ import annotations

import re

from xml.sax.saxutils import quoteattr

from pipeline.docx_adapter import comments_part, element_of, part_xml, set_part_xml
from pipeline.languages import is_rtl
from pipeline.model import Edition
from pipeline.render.common import (
    Span,
    cjk_font,
    clean,
    created,
    diglot_version,
    east_asian,
    lang_tag,
    provenance_line,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'

# (width, height) in twips, portrait
PAGE_SIZES = {"A4": (11906, 16838), "Letter": (12240, 15840)}


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


CODE_FONT = "Consolas"
LINK_COLOUR = "0563C1"
NOTE_STYLE = "diglotNoteRef"  # a footnote number in a review cell: not part of the text


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
        fmt = dict(kw)
        fmt["italic"] = kw.get("italic", False) or bool(piece.has("emphasis"))
        fmt["bold"] = kw.get("bold", False) or bool(piece.has("strong"))
        fmt["vert"] = "superscript" if piece.has("superscript") else ("subscript" if piece.has("subscript") else "")
        fmt["font"] = CODE_FONT if piece.has("code") else ""
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


_BODY_XML = "_diglot_document_xml"  # the finished word/document.xml, written by save()


def set_body(doc, fragments: list[str]) -> None:
    """Put XML fragments (paragraphs, tables) into the body, before its sectPr; the last step on the body.

    The document XML is spliced as text and written as it is by :func:`save`,
    never parsed: parsing a 60,000-row review table into lxml and serialising
    it again cost most of the review DOCX's time and memory. Nothing may
    change ``doc``'s body after this call.
    """
    from lxml import etree

    xml = etree.tostring(doc.element, encoding="unicode")
    cut = xml.rfind("<w:sectPr")
    if cut < 0:
        cut = xml.rfind("</w:body>")
    setattr(doc, _BODY_XML, "".join([xml[:cut], *fragments, xml[cut:]]))  # one copy of a large text


def set_comments(doc, comments: list[tuple[int, str]], *, author: str, initials: str, date: str) -> None:
    """Write Word comments ``(id, text)`` into the comments part, in one parse.

    python-docx's ``add_comment`` looks for the next free id with an XPath over
    every comment (quadratic); the writer numbers comments itself and anchors
    them with ``commentRangeStart``/``commentRangeEnd``/``commentReference``.
    """
    from docx.oxml import parse_xml
    from lxml import etree

    if not comments:
        return
    part = comments_part(doc)
    xml = etree.tostring(part.element, encoding="unicode")
    if xml.endswith("/>"):
        head, tail = xml[:-2] + ">", "</w:comments>"
    else:
        cut = xml.rfind("</w:comments>")
        head, tail = xml[:cut], xml[cut:]
    out = []
    ref = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
    for cid, text in comments:
        paras = []
        for i, line in enumerate(text.split("\n")):
            paras.append(f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{ref if i == 0 else ""}'
                         f"{run(line)}</w:p>")
        out.append(f'<w:comment w:id="{cid}" w:author={quoteattr(author)} w:initials={quoteattr(initials)} '
                   f'w:date="{date}">{"".join(paras)}</w:comment>')
    set_part_xml(part, parse_xml(head + "".join(out) + tail))


def new_document(edition: Edition, *, title: str, landscape: bool, page_size: str, subject: str = "",
                 keywords: str = ""):
    """A python-docx Document with fonts, languages, page, header, footer and metadata set."""
    import docx

    doc = docx.Document()
    _fonts_and_languages(doc, edition)
    _page(doc, landscape=landscape, page_size=page_size)
    _header_footer(doc, edition, title)
    props = doc.core_properties
    props.title = clean(title)[:255]
    props.author = "diglot"
    props.subject = clean(subject)
    props.keywords = keywords
    props.comments = provenance_line(edition)
    props.language = lang_tag(edition.source_language)
    props.category = "bilingual edition"
    props.version = diglot_version(edition)
    moment = created(edition).replace(tzinfo=None)
    props.created = moment
    props.modified = moment
    props.last_modified_by = "diglot"
    props.revision = 1
    return doc


def _fonts_and_languages(doc, edition: Edition) -> None:
    from docx.oxml.ns import qn
    from lxml import etree

    font, fallback, _ = cjk_font(edition)
    styles = doc.styles.element
    latin = next((c for c in (edition.target_language, edition.source_language) if not east_asian(c)), "en")
    asian = next((c for c in (edition.source_language, edition.target_language) if east_asian(c)), "zh")
    for rfonts in styles.iter(qn("w:rFonts")):
        rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        rfonts.set(qn("w:eastAsia"), font)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), lang_tag(latin))
        lang.set(qn("w:eastAsia"), lang_tag(asian))
    # The Normal style names the East Asian font itself (what Word shows in the style).
    normal = doc.styles["Normal"].element
    rpr = normal.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), font)
    # fontTable: the face, with what Word on Windows substitutes for it.
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            table = part_xml(part)
            entry = etree.SubElement(table, qn("w:font"), {qn("w:name"): font})
            etree.SubElement(entry, qn("w:altName"), {qn("w:val"): fallback})
            etree.SubElement(entry, qn("w:charset"), {qn("w:val"): "86"})
            etree.SubElement(entry, qn("w:family"), {qn("w:val"): "roman"})
            etree.SubElement(entry, qn("w:pitch"), {qn("w:val"): "variable"})
            set_part_xml(part, table)


def _page(doc, *, landscape: bool, page_size: str) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    width, height = PAGE_SIZES[page_size]
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width = Twips(width)
    section.page_height = Twips(height)
    margin = Twips(1020)  # 1.8 cm
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    section.header_distance = section.footer_distance = Twips(500)


def usable_width(doc) -> int:
    """Text width of the first section, in twips."""
    section = doc.sections[0]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def _header_footer(doc, edition: Edition, title: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    source = Lang(edition.source_language, edition)
    section = doc.sections[0]
    for paragraph_, xml in (
        (section.header.paragraphs[0], run(title, source, size=16, color="595959")),
        (
            section.footer.paragraphs[0],
            '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            + run(" / ", size=16)
            + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
        ),
    ):
        paragraph_.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for child in parse_xml(f"<w:p {NSDECL}>{xml}</w:p>"):
            element_of(paragraph_).append(child)


def add_paragraph_style(doc, style_id: str, *, name: str, color: str = "", italic: bool = False,
                        indent: int = 0, border: str = "", size: int = 0, base: str = "Normal") -> None:
    """A custom paragraph style, written as XML into styles.xml."""
    from docx.oxml import parse_xml

    ppr = ""
    if border or indent:
        ppr = "<w:pPr>"
        if border:
            ppr += f'<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="{border}"/></w:pBdr>'
        if indent:
            ppr += f'<w:ind w:left="{indent}"/>'
        ppr += "</w:pPr>"
    rpr = "<w:rPr>"
    if italic:
        rpr += "<w:i/><w:iCs/>"
    if color:
        rpr += f'<w:color w:val="{color}"/>'
    if size:
        rpr += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    rpr += "</w:rPr>"
    xml = (
        f'<w:style {NSDECL} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{base}"/><w:qFormat/>{ppr}{rpr}</w:style>'
    )
    doc.styles.element.append(parse_xml(xml))


def save(doc, path) -> None:
    """Write ``doc`` atomically; a body given to :func:`set_body` goes in as its text."""
    from pipeline.fileio import atomic_path

    body = getattr(doc, _BODY_XML, None)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
        if body is not None:
            _put_document_xml(tmp, body)


def _put_document_xml(path, xml: str) -> None:
    """Rewrite the package at ``path`` with ``xml`` as word/document.xml (other parts copied)."""
    import zipfile

    data = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + xml.encode("utf-8")
    with zipfile.ZipFile(path) as old:
        parts = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, content in parts:
            if info.filename == "word/document.xml":
                new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
            else:
                new.writestr(info, content)

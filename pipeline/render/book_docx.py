"""The bilingual DOCX of a DOCX source: the source document with its translation put in.

Not a new document rebuilt from text: the source package is opened with
python-docx and everything in it is kept (styles, numbering, section
properties, headers and footers, images, tables, footnotes, comments). Each
translated paragraph is found by its anchor (``PART#N``, see
:mod:`pipeline.ingest.docx`) and

- ``interleaved`` (the default): followed by its translation, a paragraph of
  the same paragraph properties (style, indents) whose runs carry the
  character style ``DiglotTranslation`` and the target's ``w:lang``; in a
  table cell inside that cell, in a footnote inside that footnote. A list item's
  translation is not numbered again; a paragraph that ends a section hands
  the section break to its translation.
- ``translation-only``: its text runs replaced by the translation's (the
  paragraph's properties, images, fields and note references kept): what a
  translator delivers. Runs, the default run properties and the metadata
  carry the target's language; East Asian targets get the East Asian font.

The translation's marks become run formatting (:mod:`pipeline.render.docx_runs`); the source's
paragraphs are read as :mod:`pipeline.ingest.docx` read them (:mod:`pipeline.word.text`).
"""

from __future__ import annotations

import copy
from pathlib import Path

from pipeline.errors import RenderError
from pipeline.languages import is_rtl
from pipeline.model import Edition, Mark, Paragraph
from pipeline.render.common import cjk_font, east_asian, lang_tag, provenance_line
from pipeline.render.docx_runs import RunMaker
from pipeline.word.names import DRAWING, MC, WPS, W
from pipeline.word.props import set_child
from pipeline.word.text import REMOVED, PartReader, RunLedger, mark_deleted, paragraph_elements

STYLE_ID = "DiglotTranslation"
STYLE_NAME = "Diglot Translation"
_NOTE_REFS = (W + "footnoteReference", W + "endnoteReference")
_KEEP = (W + "drawing", W + "pict", W + "object", W + "fldChar", W + "instrText",
         MC + "AlternateContent")
_TEXT = (W + "t", W + "delText", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "ruby", W + "sym") + _NOTE_REFS


def write_book_docx(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """Write the source DOCX with its translation put in (``interleaved`` or ``translation-only``)."""
    import docx

    from pipeline.render.inline import target_with_marks
    from pipeline.render.ooxml_document import save
    from pipeline.word.adapter import part_named, part_xml, set_part_xml

    path = Path(path)
    source = Path(edition.document.path)
    try:
        doc = docx.Document(str(source))
    except Exception as exc:  # python-docx raises KeyError, ValueError, BadZipFile… on a changed file
        raise RenderError(f"cannot reopen the source {source} to put the translation in ({exc})", path=path) from exc
    only = layout == "translation-only"
    if not only:
        _translation_style(doc)
    by_part: dict[str, list[Paragraph]] = {}
    for block in edition.document.blocks():
        if block.anchor:
            by_part.setdefault(block.anchor.split("#", 1)[0], []).append(block)
    for name, blocks in by_part.items():
        part = part_named(doc, name)
        if part is None:
            raise RenderError(f"the source {source} has no part {name} any more; build again", path=path)
        root = part_xml(part)
        elements = paragraph_elements(root)
        maker = _maker(doc, part, edition, only)
        for block in blocks:
            index = int(block.anchor.split("#", 1)[1])
            if index >= len(elements):
                raise RenderError(f"the source {source} changed since it was read; build again", path=path)
            text, marks = target_with_marks(edition, block)
            if not text:
                continue
            if only:
                _replace(elements[index], maker, text, marks)
            else:
                _follow(doc, elements[index], maker, text, marks, heading=block.role == "heading")
        if only:
            _accept_deletions(root)
        set_part_xml(part, root)
    _metadata(doc, edition, only)
    save(doc, path)
    return path


def _maker(doc, part, edition: Edition, only: bool) -> RunMaker:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    target = edition.target_language
    tag = lang_tag(target)
    lang = {W + "eastAsia": tag} if east_asian(target) else ({W + "bidi": tag} if is_rtl(target) else {W + "val": tag})
    style_ids = {s.style_id for s in doc.styles}
    return RunMaker(
        lang=lang,
        east_asian_font=cjk_font(edition)[0] if east_asian(target) else "",
        rtl=is_rtl(target),
        style="" if only else STYLE_ID,
        link_style="Hyperlink" if "Hyperlink" in style_ids else "",
        relate=lambda url: part.relate_to(url, RT.HYPERLINK, is_external=True),
    )


def _translation_style(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    if any(s.style_id == STYLE_ID for s in doc.styles):
        return
    style = doc.styles.add_style(STYLE_NAME, WD_STYLE_TYPE.CHARACTER)
    style.element.set(W + "styleId", STYLE_ID)
    style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)


def _follow(doc, p, maker: RunMaker, text: str, marks, *, heading: bool = False) -> None:
    """Put the translation right after ``p``, as a paragraph with ``p``'s properties.

    A heading's translation looks like the heading but is body text to Word's
    outline (``w:outlineLvl 9``): the navigation pane and a rebuilt table of
    contents list each heading once.
    """
    new = p.makeelement(W + "p", {})
    ppr = p.find(W + "pPr")
    if ppr is not None:
        copied = copy.deepcopy(ppr)
        for tag in ("pPrChange", "sectPr"):
            for el in copied.findall(W + tag):
                copied.remove(el)
        mark = copied.find(W + "rPr")
        if mark is not None:
            copied.remove(mark)
        moved = ppr.find(W + "sectPr")
        if moved is not None:  # the section ends after the translation, not between the two
            copied.append(moved)
        if _numbered(doc, ppr):
            _unnumber(doc, ppr, copied)
        new.append(copied)
    for el in maker.runs(p, text, marks, note_runs=[]):
        new.append(el)
    _direction(new, maker.rtl)
    if heading:
        ppr = new.find(W + "pPr")
        if ppr is None:
            ppr = new.makeelement(W + "pPr", {})
            new.insert(0, ppr)
        _put_ppr(ppr, ppr.makeelement(W + "outlineLvl", {W + "val": "9"}))
    p.addnext(new)
    _grow_text_box(p)


def _grow_text_box(p) -> None:
    """A text box that now holds two languages grows to fit its text instead of cutting it off."""
    shape = next(p.iterancestors(WPS + "wsp"), None)
    body = shape.find(WPS + "bodyPr") if shape is not None else None
    if body is None or body.find(DRAWING + "spAutoFit") is not None:
        return
    for fit in body.findall(DRAWING + "noAutofit") + body.findall(DRAWING + "normAutofit"):
        body.remove(fit)
    body.insert(0, body.makeelement(DRAWING + "spAutoFit", {}))


def _replace(p, maker: RunMaker, text: str, marks) -> None:
    """Put the translation in place of ``p``'s text runs, keeping everything else (images, computed fields)."""
    placed = {t for t, _ in PartReader({}, {}, {}, RunLedger()).read(p).placed}  # held: lxml proxies stay the same
    own = [r for r in p.iter(W + "r") if _owner(r) is p]
    notes = [copy.deepcopy(r) for r in own if any(c.tag in _NOTE_REFS for c in r)]
    text_runs = [r for r in own if not any(c.tag in _KEEP for c in r) and (
        any(t in placed for t in r.iter(W + "t")) or (r.find(W + "t") is None and any(c.tag in _TEXT for c in r)))]
    if any(el.tag in (W + "footnoteRef", W + "endnoteRef") for el in p.iter()):
        text, marks = " " + text, tuple(Mark(m.kind, m.start + 1, m.end + 1, href=m.href) for m in marks)
    made = maker.runs(p, text, marks, note_runs=notes)
    anchor = _top(text_runs[0], p) if text_runs else None
    for el in made:
        if anchor is not None:
            anchor.addprevious(el)
        else:
            p.append(el)
    for r in text_runs:
        r.getparent().remove(r)
    _direction(p, maker.rtl)
    for wrapper in [w for w in p.iter(*REMOVED) if _owner(w) is p]:
        wrapper.getparent().remove(wrapper)
    for tag in ("hyperlink", "smartTag", "ins", "moveTo", "fldSimple"):
        for wrapper in [w for w in p.iter(W + tag) if _owner(w) is p and not len(w)]:
            wrapper.getparent().remove(wrapper)


def _accept_deletions(root) -> None:
    """The translated document holds no deleted source text: tracked deletions are accepted.

    Deleted runs go; so does a paragraph whose mark was deleted and that holds
    nothing any more (the last paragraph of a table cell stays: a cell needs one).
    """
    for el in [e for e in root.iter(*REMOVED) if not e.getparent().tag.endswith("Pr")]:
        el.getparent().remove(el)
    for p in [p for p in root.iter(W + "p") if mark_deleted(p)]:
        parent = p.getparent()
        empty = p.find(f".//{W}r") is None and p.find(f"{W}pPr/{W}sectPr") is None
        if empty and not (parent.tag == W + "tc" and len(parent.findall(W + "p")) == 1):
            parent.remove(p)


def _owner(el):
    """The paragraph an element belongs to (the nearest ``w:p`` above it)."""
    return next(el.iterancestors(W + "p"), None)


def _top(el, p):
    """The child of ``p`` that holds ``el``."""
    while el.getparent() is not p:
        el = el.getparent()
    return el


def _numbered(doc, ppr) -> bool:
    if ppr.find(W + "numPr") is not None:
        return True
    style = ppr.find(W + "pStyle")
    if style is None:
        return False
    sid = style.get(W + "val", "")
    for _ in range(12):
        el = next((s for s in doc.styles.element.iterchildren(W + "style") if s.get(W + "styleId") == sid), None)
        if el is None:
            return False
        if el.find(f"{W}pPr/{W}numPr") is not None:
            return True
        based = el.find(W + "basedOn")
        if based is None:
            return False
        sid = based.get(W + "val", "")
    return False


def _unnumber(doc, source_ppr, ppr) -> None:
    """No number on the translation of a list item, but the item's indent."""
    num = source_ppr.find(W + "numPr")
    indent = _level_indent(doc, num) if num is not None else None
    numpr = ppr.makeelement(W + "numPr", {})
    numpr.append(ppr.makeelement(W + "ilvl", {W + "val": "0"}))
    numpr.append(ppr.makeelement(W + "numId", {W + "val": "0"}))
    _put_ppr(ppr, numpr)
    if indent is not None and ppr.find(W + "ind") is None:
        ind = copy.deepcopy(indent)
        for attr in ("hanging", "firstLine", "hangingChars", "firstLineChars"):
            ind.attrib.pop(W + attr, None)
        _put_ppr(ppr, ind)


# CT_PPr's children, in schema order.
PPR_ORDER = [W + t for t in (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()]


def _put_ppr(ppr, el) -> None:
    """Put ``el`` into ``ppr`` in schema order, replacing one of its kind."""
    for old in ppr.findall(el.tag):
        ppr.remove(old)
    rank = PPR_ORDER.index(el.tag)
    for child in ppr:
        if child.tag in PPR_ORDER and PPR_ORDER.index(child.tag) > rank:
            child.addprevious(el)
            return
    ppr.append(el)


def _direction(p, rtl: bool) -> None:
    """A right-to-left target's paragraph runs right to left; a left-to-right one's does not."""
    ppr = p.find(W + "pPr")
    if rtl:
        if ppr is None:
            ppr = p.makeelement(W + "pPr", {})
            p.insert(0, ppr)
        _put_ppr(ppr, ppr.makeelement(W + "bidi", {}))
    elif ppr is not None:
        for el in ppr.findall(W + "bidi"):
            ppr.remove(el)


def _level_indent(doc, numpr):
    """The ``w:ind`` of the numbering level ``numpr`` points at, or None."""
    num_id = numpr.find(W + "numId")
    ilvl = numpr.find(W + "ilvl")
    if num_id is None:
        return None
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
    level = ilvl.get(W + "val", "0") if ilvl is not None else "0"
    for num in numbering.iterchildren(W + "num"):
        if num.get(W + "numId") == num_id.get(W + "val"):
            abstract = num.find(W + "abstractNumId")
            for a in numbering.iterchildren(W + "abstractNum"):
                if abstract is not None and a.get(W + "abstractNumId") == abstract.get(W + "val"):
                    for lvl in a.iterchildren(W + "lvl"):
                        if lvl.get(W + "ilvl") == level:
                            return lvl.find(f"{W}pPr/{W}ind")
    return None


def _metadata(doc, edition: Edition, only: bool) -> None:
    props = doc.core_properties
    line = provenance_line(edition)
    props.comments = f"{props.comments}\n{line}" if props.comments else line
    if not only:
        return
    target = edition.target_language
    props.language = lang_tag(target)
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is None:
        return
    attr = W + ("eastAsia" if east_asian(target) else ("bidi" if is_rtl(target) else "val"))
    set_child(defaults, W + "lang", {attr: lang_tag(target)})
    if east_asian(target):
        fonts = set_child(defaults, W + "rFonts", {W + "eastAsia": cjk_font(edition)[0]})
        fonts.attrib.pop(W + "eastAsiaTheme", None)

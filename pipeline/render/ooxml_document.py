"""A Word document set up once (fonts, languages, page, header, footer, metadata), its
comments, and its body finished as text and saved.

The writers (:mod:`pipeline.render.review_docx`, :mod:`pipeline.render.edition_docx`)
build the body as XML strings (:mod:`pipeline.render.ooxml`). The edition DOCX
splices them into word/document.xml once (:func:`finished_body`), the text
being its own until :func:`save` writes it into the package; the review DOCX,
a row per segment, streams them into the package as it makes them
(:mod:`pipeline.word.stream`), its comments too (:func:`comments_xml`).
"""

from __future__ import annotations

from typing import Callable, Iterator
from xml.sax.saxutils import quoteattr

from pipeline.model import Edition
from pipeline.render.common import cjk_font, created, diglot_version, east_asian, lang_tag, provenance_line
from pipeline.render.ooxml import Lang, run
from pipeline.word.adapter import comments_part, element_of, part_xml, set_part_xml
from pipeline.word.names import NSDECL
from pipeline.xmlsafe import clean

# (width, height) in twips, portrait
PAGE_SIZES = {"A4": (11906, 16838), "Letter": (12240, 15840)}


class Hyperlinks:
    """``links(url)``: the relationship id of an external link from the main document part,
    one per URL (what ``w:hyperlink r:id`` names)."""

    def __init__(self, doc):
        self.doc = doc
        self.ids: dict[str, str] = {}  # url -> relationship id

    def __call__(self, href: str) -> str:
        if href not in self.ids:
            from docx.opc.constants import RELATIONSHIP_TYPE

            self.ids[href] = self.doc.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return self.ids[href]


def finished_body(doc, fragments: list[str]) -> str:
    """``doc``'s word/document.xml with XML fragments (paragraphs, tables) put into the body,
    before its sectPr: the last step on the body. The caller keeps the text and hands it to
    :func:`save` (``document_xml``).

    The document XML is spliced as text and written as it is, never parsed:
    parsing a 60,000-row review table into lxml and serialising it again cost
    most of the review DOCX's time and memory. Nothing may change ``doc``'s
    body after this call (it would not be saved).
    """
    from lxml import etree

    xml = etree.tostring(doc.element, encoding="unicode")
    cut = xml.rfind("<w:sectPr")
    if cut < 0:
        cut = xml.rfind("</w:body>")
    return "".join([xml[:cut], *fragments, xml[cut:]])  # one copy of a large text


def comments_xml(doc, comments: list[tuple[int, str]], *, author: str, initials: str,
                 date: str) -> tuple[str, Callable[[], Iterator[str]]]:
    """Word comments ``(id, text)`` for ``doc``'s comments part (made, and related, now): the
    part's name and its XML as chunks, for :meth:`pipeline.word.stream.Body.replace_part`.

    python-docx's ``add_comment`` looks for the next free id with an XPath over
    every comment (quadratic); the writer numbers comments itself and anchors
    them with ``commentRangeStart``/``commentRangeEnd``/``commentReference``.
    The XML is made a comment at a time as the package is written, never held
    whole (a term problem in every row of a long book is that many comments).
    """
    from lxml import etree

    part = comments_part(doc)
    xml = etree.tostring(part.element, encoding="unicode")
    if xml.endswith("/>"):
        head, tail = xml[:-2] + ">", "</w:comments>"
    else:
        cut = xml.rfind("</w:comments>")
        head, tail = xml[:cut], xml[cut:]
    ref = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'

    def chunks() -> Iterator[str]:
        yield "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + head
        for cid, text in comments:
            paras = "".join(f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{ref if i == 0 else ""}'
                            f"{run(line)}</w:p>" for i, line in enumerate(text.split("\n")))
            yield (f'<w:comment w:id="{cid}" w:author={quoteattr(author)} w:initials={quoteattr(initials)} '
                   f'w:date="{date}">{paras}</w:comment>')
        yield tail

    return str(part.partname).lstrip("/"), chunks


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


def save(doc, path, *, document_xml: str | None = None) -> None:
    """Write ``doc`` atomically; ``document_xml`` (from :func:`finished_body`), when given,
    is its word/document.xml, put in as it is."""
    from pipeline.fileio import atomic_path

    with atomic_path(path) as tmp:
        doc.save(str(tmp))
        if document_xml is not None:
            _put_document_xml(tmp, document_xml)


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

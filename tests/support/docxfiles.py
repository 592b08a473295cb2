"""DOCX sources the tests build themselves (python-docx for what its API does, XML for the rest).

``book_docx(path)``: an English book with a title, headings at two levels,
inline formatting (italic, bold, superscript, a line break), a hyperlink, a
footnote and an endnote, a nested numbered list, a table with merged cells,
an image, tracked insertions and deletions, a text box (with its
``mc:Fallback`` copy), a content control, a TOC field, a PAGE field and a
``HYPERLINK`` field.
``chinese_docx(path)``: a Chinese document whose runs name East Asian fonts.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
NOTES = {
    "footnotes": ("footnote", "A footnote with <emphasis>.", "FootnoteReference"),
    "endnotes": ("endnote", "An endnote at the end.", "EndnoteReference"),
}


def png(width: int = 8, height: int = 8) -> bytes:
    """A small valid PNG (a blue square)."""
    raw = b"".join(b"\x00" + b"\x20\x40\xc0" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def r(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(runs: str, style: str = "", ppr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p {NS}><w:pPr>{pstyle}{ppr}</w:pPr>{runs}</w:p>"


def _append(doc, xml: str) -> None:
    from docx.oxml import parse_xml

    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def book_docx(path: Path) -> Path:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Cm

    doc = docx.Document()
    doc.add_paragraph("A Test Book", style="Title")
    _append(doc, p('<w:fldSimple w:instr=" TOC \\o &quot;1-2&quot; "><w:r><w:t>Chapter One 1</w:t></w:r></w:fldSimple>'))
    doc.add_heading("Chapter One", level=1)
    link = doc.part.relate_to("https://example.org/moon", RT.HYPERLINK, is_external=True)
    link_run = r("the moon page", '<w:rStyle w:val="Hyperlink"/>')
    _append(doc, p(
        r("The moon is ") + r("bright", "<w:i/>") + r(" and ") + r("cold", "<w:b/>")
        + r(" tonight, see ") + f'<w:hyperlink r:id="{link}">{link_run}</w:hyperlink>' + r(".")
        + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        + r(" Water is H") + r("2", '<w:vertAlign w:val="subscript"/>') + r("O.")
        + '<w:r><w:br/></w:r>' + r("A second line after a break.")
        + '<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="1"/></w:r>'))
    for level, text in ((0, "First item of the list."), (1, "A nested item."), (1, "Another nested item."),
                        (0, "Second item of the list.")):
        _append(doc, p(r(text), "ListParagraph",
                       f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="20"/></w:numPr>'))
    doc.add_heading("A Section Within", level=2)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged across two columns."
    table.cell(0, 2).text = "Top right."
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Merged down two rows."
    for row, col in ((1, 1), (1, 2), (2, 1), (2, 2)):
        table.cell(row, col).text = f"Cell {row}{col}."
    doc.add_picture(BytesIO(png()), width=Cm(2))
    doc.add_paragraph("The picture above is a blue square.", style="Caption")
    _append(doc, p(r("Kept words ") + '<w:ins w:id="91" w:author="Ed" w:date="2024-01-01T00:00:00Z">'
                   + r("inserted words") + '</w:ins><w:del w:id="92" w:author="Ed" w:date="2024-01-01T00:00:00Z">'
                   '<w:r><w:delText xml:space="preserve"> deleted words</w:delText></w:r></w:del>' + r(" end.")))
    _append(doc, p(r("Before the box. ") + _textbox("Text inside a box.")))
    _append(doc, p('<w:sdt><w:sdtPr><w:alias w:val="Control"/></w:sdtPr><w:sdtContent>'
                   + r("Text in a content control.") + "</w:sdtContent></w:sdt>"))
    doc.add_heading("Chapter Two", level=1)
    _append(doc, p(r("Page ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
                   '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("7")
                   + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r(" of the book. See ")
                   + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK '
                   '"https://example.org/field" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                   + r("the field link", '<w:rStyle w:val="Hyperlink"/>') + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                   + r(".")))
    doc.save(str(path))
    _add_notes(path)
    return path


def _textbox(text: str) -> str:
    inner = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" '
        'distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>'
        '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="1828800" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare '
        'wrapText="bothSides"/><wp:docPr id="7" name="Box"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr '
        'txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="457200"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx>{inner}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        '</mc:Choice><mc:Fallback><w:pict><v:shape style="width:144pt;height:36pt">'
        f'<v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def _add_notes(path: Path, notes: dict = NOTES) -> None:
    """Add a footnotes and an endnotes part (python-docx's template has neither)."""
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    types = members["[Content_Types].xml"].decode()
    rels = members["word/_rels/document.xml.rels"].decode()
    for part, (tag, text, _) in notes.items():
        sep = "".join(
            f'<w:{tag} w:type="{kind}" w:id="{i}"><w:p><w:r><w:{kind}/></w:r></w:p></w:{tag}>'
            for i, kind in ((-1, "separator"), (0, "continuationSeparator")))
        head, _, emph = text.partition("<")
        body = (f'<w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{tag}Ref/></w:r>'
                f'{r(" " + head)}{r(emph.rstrip(">."), "<w:i/>") if emph else ""}{r(".") if emph else ""}</w:p>')
        members[f"word/{part}.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                       f'<w:{part} {NS}>{sep}<w:{tag} w:id="1">{body}</w:{tag}></w:{part}>').encode()
        types = types.replace("</Types>", f'<Override PartName="/word/{part}.xml" ContentType="application/'
                              f'vnd.openxmlformats-officedocument.wordprocessingml.{part}+xml"/></Types>')
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdNotes{part}" Type="http://schemas.'
                            f'openxmlformats.org/officeDocument/2006/relationships/{part}" Target="{part}.xml"/>'
                            "</Relationships>")
    members["word/numbering.xml"] = _multilevel(members["word/numbering.xml"].decode()).encode()
    members["[Content_Types].xml"] = types.encode()
    members["word/_rels/document.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


def rewrite(source: Path, target: Path, **parts: bytes) -> Path:
    with zipfile.ZipFile(source) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members.update({k.replace("__", "/").replace("_dot_", "."): v for k, v in parts.items()})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return target


XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       b"<w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
          b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&c;</w:styles>')


def bad_files(book: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Hostile and fake .docx files made from ``book``: name -> (file, what its one-line error says)."""
    data = book.read_bytes()
    out = {
        "password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        "truncated": (data[: len(data) // 2], "cut short"),
        "text": ("Just some text saved as .docx\n".encode(), "not a DOCX"),
        "empty": (b"", "not a DOCX"),
    }
    made = {name: (folder / f"{name}.docx", why) for name, (_, why) in out.items()}
    for name, (raw, _) in out.items():
        made[name][0].write_bytes(raw)
    made["xxe"] = (rewrite(book, folder / "xxe.docx", word__document_dot_xml=XXE), "entit")
    made["laughs"] = (rewrite(book, folder / "laughs.docx", word__styles_dot_xml=LAUGHS), "entit")
    made["bomb"] = (rewrite(book, folder / "bomb.docx", word__document_dot_xml=b" " * (3 << 20)), "inflates")
    spreadsheet = (b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
                   b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   b'spreadsheetml.sheet.main+xml"/></Types>')
    made["xlsx"] = (rewrite(book, folder / "xlsx.docx", **{"[Content_Types]_dot_xml": spreadsheet}), "spreadsheet")
    with zipfile.ZipFile(folder / "zip.docx", "w") as z:
        z.writestr("hello.txt", "a zip, not a Word document")
    made["zip"] = (folder / "zip.docx", "not a Word document")
    with zipfile.ZipFile(book) as z:
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    climbing = rels.replace("</Relationships>", '<Relationship Id="rIdOut" Type="http://schemas.openxmlformats.org/'
                            'officeDocument/2006/relationships/image" Target="../../../../etc/passwd"/></Relationships>')
    made["climbing"] = (rewrite(book, folder / "climbing.docx", word___rels__document_dot_xml_dot_rels=climbing.encode()),
                        "points outside the package")
    made["crc"] = (_bad_crc(book, folder / "crc.docx", "word/styles.xml"), "is damaged: word/styles.xml")
    return made


def _bad_crc(source: Path, target: Path, member: str) -> Path:
    """``source`` with one byte of ``member``'s stored data changed: its CRC no longer matches."""
    with zipfile.ZipFile(source) as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    raw = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.compress_size // 2] ^= 0x20
    target.write_bytes(bytes(raw))
    return target


def _multilevel(numbering: str) -> str:
    """numbering.xml with a two-level numbered list, numId 20 (1. 2. … then a) b) …)."""
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, fmt, text in ((0, "decimal", "%1."), (1, "lowerLetter", "%2)")))
    abstract = f'<w:abstractNum w:abstractNumId="20"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    cut = numbering.find("<w:num ")
    numbering = numbering[:cut] + abstract + numbering[cut:]
    return numbering.replace("</w:numbering>", '<w:num w:numId="20"><w:abstractNumId w:val="20"/></w:num></w:numbering>')


def chinese_docx(path: Path) -> Path:
    """A Chinese document: a title, headings, body paragraphs with East Asian fonts, a footnote, a table."""
    import docx

    doc = docx.Document()
    font = '<w:rFonts w:ascii="SimSun" w:eastAsia="SimSun" w:hAnsi="SimSun" w:hint="eastAsia"/><w:lang w:eastAsia="zh-CN"/>'
    doc.add_paragraph("春天的故事", style="Title")
    doc.add_heading("第一章", level=1)
    for text in ("今天天气很好。我们去公园散步。", "公园里有很多花，红的、黄的、白的。"):
        _append(doc, p(r(text, font)))
    doc.add_heading("第二章", level=1)
    _append(doc, p(r("晚上月亮很亮。", font) + r("大家都回家了。", "<w:b/>" + font)
                   + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "左边的格子。"
    table.cell(0, 1).text = "右边的格子。"
    doc.save(str(path))
    _add_notes(path, {"footnotes": ("footnote", "这是一个脚注。", "")})
    return path

"""The one place diglot reaches past python-docx's public API.

python-docx (bounded in pyproject.toml to the versions tested) covers
paragraphs, runs, styles and relationships; diglot also needs to swap a
part's whole XML in one parse (linear on a 10,000-row table), write the
comments part without the quadratic ``add_comment``, and edit parts python-docx
keeps as plain bytes (footnotes, endnotes, the font table). Each of those
touches a private attribute, and only here; ``tests/word/test_adapter.py``
checks every one against the installed python-docx, so an upgrade that
renames one fails there, not in a user's build.
"""

from __future__ import annotations

__all__ = [
    "comments_part",
    "element_of",
    "part_named",
    "part_xml",
    "replace_document_element",
    "set_part_xml",
]


def element_of(proxy):
    """The lxml element behind a python-docx Paragraph, Run, Table or _Cell."""
    return proxy._element


def replace_document_element(doc, element) -> None:
    """Make ``element`` (a new ``w:document``) the document's XML, dropping python-docx's cached body."""
    doc.part._element = element
    doc._element = element
    doc._Document__body = None


def comments_part(doc):
    """The document's comments part (created, and related, when it has none)."""
    return doc.part._comments_part


def part_named(doc, name: str):
    """The package part called ``name`` (``word/footnotes.xml``), or None."""
    wanted = "/" + name.lstrip("/")
    for part in doc.part.package.iter_parts():
        if str(part.partname) == wanted:
            return part
    return None


def part_xml(part):
    """The root element of a part: python-docx's own for the parts it models, parsed (safely) for the others."""
    from docx.opc.part import XmlPart

    if isinstance(part, XmlPart):
        return part.element
    from pipeline.xmlsafe import parse_xml

    return parse_xml(part.blob, path=str(part.partname), part=str(part.partname).lstrip("/"))


def set_part_xml(part, element) -> None:
    """Make ``element`` the XML of ``part`` (whether python-docx models the part or keeps its bytes)."""
    from docx.opc.part import XmlPart
    from lxml import etree

    if isinstance(part, XmlPart):
        part._element = element
    else:
        part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

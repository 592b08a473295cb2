"""The project's glossary out as TBX v2 Basic, the termbase format CAT tools read.

One ``termEntry`` per term: the source term in the source ``langSet``; on the
target side the target as ``preferredTerm-admn-sts``, variants as
``admittedTerm-admn-sts``, forbidden renderings as ``deprecatedTerm-admn-sts``
(the statuses diglot's own TBX reader maps back), the note as a ``note``. A
do-not-translate term has its source form as the target. Written atomically.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import __version__, languages
from pipeline.fileio import atomic_path
from pipeline.model import Glossary
from pipeline.xmlsafe import XML_LANG

_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
           "deprecated": "deprecatedTerm-admn-sts"}


def write_tbx(glossary: Glossary, path: str | Path, source_language: str, target_language: str) -> int:
    """Write ``glossary`` as TBX v2 Basic; returns the number of entries."""
    from lxml import etree

    from pipeline.xmlsafe import clean

    sl, tl = languages.check(source_language), languages.check(target_language)
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: languages.tag(sl)})
    header = etree.SubElement(root, "martifHeader")
    etree.SubElement(etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = (
        f"diglot {__version__} glossary export ({len(glossary.terms)} terms, digest {glossary.digest or 'none'})"
    )
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{number}")
        if term.note:
            etree.SubElement(entry, "note").text = clean(term.note)
        _lang_set(entry, sl, [(term.source, "preferred")], clean)
        target = term.source if term.dnt else term.target
        forms = [(target, "preferred")] + [(v, "admitted") for v in term.variants if v != target]
        forms += [(f, "deprecated") for f in term.forbidden]
        _lang_set(entry, tl, forms, clean)
    with atomic_path(path) as tmp:
        etree.ElementTree(root).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return len(glossary.terms)


def _lang_set(entry, language: str, forms: list[tuple[str, str]], clean) -> None:
    from lxml import etree

    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: languages.tag(language)})
    for text, status in forms:
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = clean(text)
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = _STATUS[status]

"""The bilingual book: an EPUB source with its translation put in.

Not a new book rebuilt from text: the writer opens the source EPUB again
(``Document.path``), walks the same content documents as the reader
(:mod:`pipeline.ingest.epub`), and finds each paragraph's unit by its anchor.

- ``interleaved``: each translated block is followed by the same element
  (its attributes but not its ids) holding the translation, with the target
  ``lang``/``xml:lang`` and the class ``diglot-translation``; where a second
  element would break the structure (table cells, captions, figure captions,
  loose text between blocks) the translation goes inside, as a
  ``span.diglot-translation``; an image's ``alt`` becomes ``source / target``;
  navigation and NCX labels read ``source / target``.
- ``translation-only``: each block's text is replaced, its element, attributes,
  ids and images kept; the package's first ``dc:language`` is the target's.
- ``source-only``: the book as it was (less its scripts).
- ``side-by-side`` is refused: two columns do not fit a phone-width screen.

No script is carried (:mod:`pipeline.ingest.epub.scripts`): ``<script>``
elements, ``on…`` attributes and ``javascript:`` links are taken out of every
XHTML/SVG document, in every layout, and those documents lose the manifest's
``scripted`` property; script files stay in the package, unused.
Every other entry (CSS, fonts, images, audio, the cover) is copied byte for
byte, the spine and its page-progression direction are untouched, and the
package document gains the target ``dc:language``, the bilingual title as its
main title and the translated title (:mod:`pipeline.render.epub_package`: what
calibre and reading systems show), a translator ``dc:contributor``, its own
identifier (the original's kept as ``dc:source``) and ``diglot-bilingual.css``
(logical CSS properties only, so vertical writing keeps working).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from pipeline.errors import RenderError
from pipeline.ingest.epub import scripts
from pipeline.ingest.epub.blocks import local
from pipeline.languages import is_rtl, tag
from pipeline.model import Edition, Paragraph
from pipeline.render.book_markup import XML_LANG, fill, namespace_of, set_lang, target_and_marks
from pipeline.render.common import created, edition_title
from pipeline.render.epub_package import credit, different_scripts
from pipeline.xmlsafe import clean

CSS_NAME = "diglot-bilingual.css"
CLASS = "diglot-translation"
SIBLING = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd blockquote div address aside section article header footer main "
                    "center".split())
STYLESHEET = (
    "/* diglot: the translation, set apart from the original */\n"
    f".{CLASS} {{ color: #1f4e79; border-inline-start: 0.2em solid #8eaadb; padding-inline-start: 0.5em; }}\n"
    f"span.{CLASS} {{ display: block; }}\n"
    f"a span.{CLASS}, .diglot-label {{ display: inline; border: none; padding: 0; }}\n"
    f"li.{CLASS} {{ list-style-type: none; }}\n"
)
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
REFUSED_LAYOUTS = {"side-by-side": "a book EPUB does not take side-by-side: two columns do not read on a phone-width "
                                   "screen; choose interleaved, translation-only or source-only"}


def write_book_epub(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """Write the source book with its translation put in; return ``path``."""
    from pipeline.fileio import atomic_path
    from pipeline.ingest.epub import entries, open_book
    from pipeline.formats import check_layout

    layout = check_layout(layout)
    if layout in REFUSED_LAYOUTS:
        raise RenderError(REFUSED_LAYOUTS[layout], path=path)
    path = Path(path)
    book = open_book(edition.document.path)
    changed: dict[str, bytes] = {}
    writer = _Writer(edition, book, layout)
    if layout != "source-only":
        for entry in entries(book):
            changed[entry.name] = writer.entry(entry)
        if book.nav is not None and book.ncx is not None:
            changed[book.ncx.href] = writer.ncx_by_text()
    for name, tree, warning in scripts.other_documents(book, changed):
        if scripts.remove(tree.getroot()).total:
            writer.unscripted.add(name)
            changed[name] = _serialize(tree, warning)
    if layout != "source-only" or writer.unscripted:
        changed[book.opf_name] = writer.package()
    stamp = created(edition).timetuple()[:6]
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as out:
        out.writestr(zipfile.ZipInfo("mimetype", stamp), b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in book.entries.items():
            if name == "mimetype":
                continue
            out.writestr(zipfile.ZipInfo(name, stamp), changed.get(name, data), compress_type=zipfile.ZIP_DEFLATED)
        if layout != "source-only":
            css = posixpath.join(posixpath.dirname(book.opf_name), CSS_NAME)
            out.writestr(zipfile.ZipInfo(css, stamp), STYLESHEET.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return path


class _Writer:
    def __init__(self, edition: Edition, book, layout: str):
        self.edition = edition
        self.book = book
        self.layout = layout
        self.unscripted: set[str] = set()  # documents whose scripts were taken out
        self.epub3 = book.epub3
        self.src, self.tgt = edition.source_language, edition.target_language
        self.tgt_tag = tag(self.tgt)
        self.by_anchor: dict[str, Paragraph] = {p.anchor: p for p in edition.document.blocks() if p.anchor}
        self.by_text: dict[str, str] = {}
        for p in edition.document.blocks():
            target = edition.target_of(p)
            if target:
                self.by_text.setdefault(" ".join(p.text.split()), clean(target))
        self.css_dir = posixpath.dirname(book.opf_name)
        self.identifier = self._new_identifier() if layout != "source-only" else None
        self.translated = {p.anchor.rpartition("#")[0] for p in edition.document.blocks()
                           if p.anchor and any(edition.translations.get(s.id) and edition.translations[s.id].target
                                               for s in p.segments)}

    # -- content documents -------------------------------------------------------------
    def entry(self, entry) -> bytes:
        from lxml import etree

        if entry.kind == "ncx":
            for index, unit in reversed(list(enumerate(entry.walk.units))):
                para = self._para(entry, index, unit)
                target = target_and_marks(self.edition, para)[0] if para is not None else ""
                if target:
                    unit.element.text = target if self.layout == "translation-only" else f"{unit.text} / {target}"
            self._ncx_uid(entry.tree.getroot())
            return etree.tostring(entry.tree, xml_declaration=True, encoding="utf-8")
        footnotes = self._footnote_hrefs(entry) if entry.name in self.translated else {}
        for index, unit in reversed(list(enumerate(entry.walk.units)) if entry.name in self.translated else []):
            para = self._para(entry, index, unit)
            if para is None:
                continue
            text, marks = target_and_marks(self.edition, para)
            if text:
                self._put(unit, para, text, marks, footnotes)
        self._head(entry)
        if scripts.remove(entry.tree.getroot()).total:  # after the translations: they copy attributes and links
            self.unscripted.add(entry.name)
        return _serialize(entry.tree, entry.warning)

    def _para(self, entry, index: int, unit) -> Paragraph | None:
        para = self.by_anchor.get(entry.anchor(index))
        if para is not None and para.text != unit.text:
            raise RenderError(f"{entry.name} changed since it was read; build again", path=self.book.path)
        return para

    def _footnote_hrefs(self, entry) -> dict[str, str]:
        """Note paragraph id → the href this entry's source used to reach it."""
        out: dict[str, str] = {}
        for index, unit in enumerate(entry.walk.units):
            para = self.by_anchor.get(entry.anchor(index))
            if para is None or len(unit.marks) != len(para.marks):
                continue
            for raw, mark in zip(unit.marks, para.marks):
                if raw.kind == "footnote" and mark.kind == "footnote":
                    out.setdefault(mark.href, raw.href)
        return out

    def _attrs(self, el) -> dict[str, str]:
        drop = {"id", "lang", XML_LANG, "dir", "value"}
        attrs = {k: v for k, v in el.attrib.items() if k not in drop}
        attrs["class"] = f"{attrs['class']} {CLASS}" if attrs.get("class") else CLASS
        return attrs

    def _lang(self, el) -> None:
        set_lang(el, self.tgt_tag, epub2=not self.epub3)
        if is_rtl(self.tgt) != is_rtl(self.src):
            el.set("dir", "rtl" if is_rtl(self.tgt) else "ltr")

    def _span(self, near, text: str, marks: list, footnotes: dict[str, str], cls: str = CLASS):
        span = near.makeelement(namespace_of(near) + "span", {"class": cls})
        self._lang(span)
        fill(span, text, marks, footnotes=footnotes, epub3=self.epub3)
        return span

    def _put(self, unit, para: Paragraph, text: str, marks: list, footnotes: dict[str, str]) -> None:
        el = unit.element
        only = self.layout == "translation-only"
        if unit.kind == "alt":
            el.set("alt", text if only else f"{unit.text} / {text}")
            return
        if unit.kind == "run":
            el = self._wrap_run(unit)
        if unit.kind == "label":
            if only:
                self._replace(el, text, marks, footnotes)
            else:
                el.append(self._span(el, text, marks, footnotes, f"{CLASS} diglot-label"))
                label = el[-1]
                previous = label.getprevious()
                sep = " / "
                if previous is not None:
                    previous.tail = (previous.tail or "") + sep
                else:
                    el.text = (el.text or "") + sep
            return
        if only:
            self._replace(el, text, marks, footnotes)
            return
        if unit.kind == "block" and local(el) in SIBLING and not any(local(a) == "nav" for a in el.iterancestors()):
            copy = el.makeelement(el.tag, self._attrs(el))
            self._lang(copy)
            fill(copy, text, marks, footnotes=footnotes, epub3=self.epub3)
            if local(el) == "li" and self.epub3 and local(el.getparent()) == "ol":
                copy.set("value", str(_number(el)))
            copy.tail = el.tail if not (el.tail or "").strip() else None
            el.addnext(copy)
            return
        span = self._span(el, text, marks, footnotes)
        if unit.kind == "run":
            span.tail = el.tail
            el.tail = None
            el.addnext(span)
        else:
            el.append(span)

    def _wrap_run(self, unit):
        container = unit.element
        span = container.makeelement(namespace_of(container) + "span", {})
        if unit.before is None:
            span.text, container.text = container.text, None
            container.insert(0, span)
        else:
            span.text, unit.before.tail = unit.before.tail, None
            unit.before.addnext(span)
        for child in unit.inline:
            span.append(child)
        return span

    def _replace(self, el, text: str, marks: list, footnotes: dict[str, str]) -> None:
        """Translation-only: the element keeps its attributes, ids inside it and images; its text is the target."""
        kept = []
        for d in el.iterdescendants():
            if not isinstance(d.tag, str) or any(d is k or k in d.iterancestors() for k in kept):
                continue
            if local(d) in ("img", "svg", "math"):
                kept.append(d)
            elif d.get("id"):
                kept.append(d)
        copies = []
        for k in kept:
            if local(k) in ("img", "svg", "math"):
                c = k
            else:
                c = k.makeelement(k.tag, dict(k.attrib))
            copies.append(c)
        for child in list(el):
            el.remove(child)
        el.text = None
        for c in copies:
            c.tail = None
            el.append(c)
        self._lang(el)
        fill(el, text, marks, footnotes=footnotes, epub3=self.epub3)

    def _head(self, entry) -> None:
        root = entry.tree.getroot()
        head = next((el for el in root if local(el) == "head"), None)
        if head is None:
            return
        ns = namespace_of(head)
        href = posixpath.relpath(posixpath.join(self.css_dir, CSS_NAME), posixpath.dirname(entry.name) or ".")
        link = head.makeelement(ns + "link", {"rel": "stylesheet", "type": "text/css", "href": href})
        link.tail = "\n"
        head.append(link)
        if not (root.get(XML_LANG) or root.get("lang")):
            set_lang(root, tag(self.src), epub2=not self.epub3)

    # -- NCX next to a nav document, and the package document ---------------------------
    def ncx_by_text(self) -> bytes:
        from lxml import etree

        from pipeline.ingest.epub.safety import parse_xml

        tree = parse_xml(self.book.entries[self.book.ncx.href], self.book.path, self.book.ncx.href)
        for el in tree.getroot().iter():
            if local(el) == "text" and local(el.getparent()) == "navlabel":
                source = " ".join((el.text or "").split())
                target = self.by_text.get(source)
                if source and target:
                    el.text = target if self.layout == "translation-only" else f"{source} / {target}"
        self._ncx_uid(tree.getroot())
        return etree.tostring(tree, xml_declaration=True, encoding="utf-8")

    def package(self) -> bytes:
        """The package document: not ``scripted`` any more where scripts were taken out; unless
        source-only, the target language, translated title, translator and stylesheet added."""
        from lxml import etree

        tree = self.book.opf
        root = tree.getroot()
        metadata = root.find(f"{{{OPF}}}metadata")
        manifest = root.find(f"{{{OPF}}}manifest")
        for item in manifest.iterfind(f"{{{OPF}}}item"):
            named = self.book.manifest.get(item.get("id", ""))
            properties = (item.get("properties") or "").split()
            if named is not None and named.href in self.unscripted and "scripted" in properties:
                properties.remove("scripted")
                if properties:
                    item.set("properties", " ".join(properties))
                else:
                    del item.attrib["properties"]
        if self.layout == "source-only":
            return etree.tostring(tree, xml_declaration=True, encoding="utf-8")
        only = self.layout == "translation-only"
        languages = metadata.findall(f"{{{DC}}}language")
        language = metadata.makeelement(f"{{{DC}}}language", {})
        language.text = self.tgt_tag
        if languages and only:
            languages[0].addprevious(language)
        elif languages:
            languages[-1].addnext(language)
        else:
            metadata.insert(0, language)
        self._own_identifier(root)
        self._titles(root, metadata)
        self._credit_translator(root, metadata)
        item = manifest.makeelement(f"{{{OPF}}}item", {"id": _free_id(root, "diglot-css"), "href": CSS_NAME,
                                                       "media-type": "text/css"})
        manifest.append(item)
        return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


    def _titles(self, root, metadata) -> None:
        """Before the original's titles, the bilingual one, typed ``main`` in EPUB 3 (the original's
        ``main`` type dropped: one main title); after the first, the translated title with its
        language; the original's first title gets the translation as ``alternate-script`` where the
        two are written in different scripts (:mod:`pipeline.render.epub_package`)."""
        doc = self.edition.document
        title_target = clean(self.edition.target_of(doc.title)) if doc.title is not None else ""
        titles = metadata.findall(f"{{{DC}}}title")
        if not (title_target and titles):
            return
        only = self.layout == "translation-only"
        original = titles[0]
        title = metadata.makeelement(f"{{{DC}}}title", {"id": _free_id(root, "diglot-title")})
        title.set(XML_LANG, self.tgt_tag)
        title.text = title_target
        (original.addprevious if only else original.addnext)(title)
        main = metadata.makeelement(f"{{{DC}}}title", {"id": _free_id(root, "diglot-title-main")})
        main.text = edition_title(self.edition, target_first=only)
        (title if only else original).addprevious(main)
        if not self.epub3:
            return
        ids = {f"#{t.get('id')}" for t in titles if t.get("id")}
        for meta in metadata.findall(f"{{{OPF}}}meta"):
            if meta.get("refines") in ids and meta.get("property") == "title-type" and (meta.text or "").strip() == "main":
                metadata.remove(meta)
        self._refine(metadata, main.get("id"), "title-type", "main")
        if different_scripts(original.text or "", title_target):
            if not original.get("id"):
                original.set("id", _free_id(root, "diglot-title-original"))
            self._refine(metadata, original.get("id"), "alternate-script", title_target).set(XML_LANG, self.tgt_tag)

    @staticmethod
    def _refine(metadata, ident: str, prop: str, value: str, **attrs: str):
        meta = metadata.makeelement(f"{{{OPF}}}meta", {"refines": f"#{ident}", "property": prop, **attrs})
        meta.text = value
        metadata.append(meta)
        return meta

    def _credit_translator(self, root, metadata) -> None:
        """diglot (and the engine's software, its Capabilities.credit) as the book's translator
        (:func:`pipeline.render.epub_package.credit`)."""
        name, relator = credit(self.edition)
        contributor = metadata.makeelement(f"{{{DC}}}contributor", {})
        contributor.text = name
        metadata.append(contributor)
        if self.epub3:
            ident = _free_id(root, "diglot-translator")
            contributor.set("id", ident)
            self._refine(metadata, ident, "role", relator, scheme="marc:relators")
            for meta in metadata.findall(f"{{{OPF}}}meta"):
                if meta.get("property") == "dcterms:modified":
                    meta.text = created(self.edition).strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            contributor.set(f"{{{OPF}}}role", relator)

    def _new_identifier(self) -> tuple[object, str, str] | None:
        """(the package's unique-identifier element, the original's identifier, the bilingual
        book's): another publication
        gets another identifier, so that a reading app or a library does not file it as
        the original. A urn:uuid of the original's and the language pair: the same on
        every rebuild. None when the package names no unique identifier."""
        import uuid

        root = self.book.opf.getroot()
        uid = root.get("unique-identifier", "")
        element = next((el for el in root.iter(f"{{{DC}}}identifier") if el.get("id") == uid), None)
        if element is None:
            return None
        original = (element.text or "").strip()
        key = f"diglot:{original}:{self.src}-{self.tgt}"
        return element, original, "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, key))

    def _own_identifier(self, root) -> None:
        """The package's unique identifier replaced by the bilingual book's, the original's
        kept as ``dc:source``; what described the old one (an ISBN's scheme) goes with it."""
        if self.identifier is None:
            return
        element, original, new = self.identifier  # an element of this same package tree
        uid = element.get("id")
        element.text = new
        element.attrib.pop(f"{{{OPF}}}scheme", None)
        for meta in [m for m in root.iter(f"{{{OPF}}}meta") if m.get("refines") == f"#{uid}"]:
            meta.getparent().remove(meta)
        if original:
            source = element.makeelement(f"{{{DC}}}source", {})
            source.text = original
            element.addnext(source)

    def _ncx_uid(self, root) -> None:
        """The NCX's ``dtb:uid`` says the package's identifier (epubcheck NCX-001)."""
        if self.identifier is None:
            return
        for el in root.iter():
            if isinstance(el.tag, str) and local(el) == "meta" and el.get("name") == "dtb:uid":
                el.set("content", self.identifier[2])


def _serialize(tree, warning: str) -> bytes:
    """A content document's bytes; one read leniently as HTML is written back as well-formed XHTML."""
    from lxml import etree

    if warning:
        root = tree.getroot()
        if "xmlns" not in root.attrib:
            root.set("xmlns", "http://www.w3.org/1999/xhtml")
        doctype = (tree.docinfo.doctype or "<!DOCTYPE html>").encode("utf-8")
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + doctype + b"\n" + etree.tostring(root, encoding="utf-8")
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def _free_id(root, base: str) -> str:
    used = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _number(li) -> int:
    """The number an ``ol`` gives this ``li`` (``start``, ``value`` respected; ``reversed`` not)."""
    parent = li.getparent()
    try:
        count = int(parent.get("start", "1"))
    except ValueError:
        count = 1
    for sibling in parent:
        if local(sibling) != "li" or CLASS in (sibling.get("class") or "").split():
            continue
        if sibling.get("value", "").lstrip("-").isdigit():
            count = int(sibling.get("value"))
        if sibling is li:
            return count
        count += 1
    return count

"""The EPUB container: the ZIP, META-INF/container.xml, the package document.

:func:`open_book` reads the archive once (refusing what is not a readable,
DRM-free EPUB) and returns a :class:`Book`: every entry's bytes by name, the
package document's manifest, spine, metadata, and where its navigation
document and NCX are. The reader and the book writer both start here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from pipeline.errors import SourceError

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
ENC = "http://www.w3.org/2001/04/xmlenc#"
XHTML_TYPES = ("application/xhtml+xml", "text/html")
NCX_TYPE = "application/x-dtbncx+xml"
# Font obfuscation is not DRM: the book is readable, only embedded fonts are mangled.
FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")


@dataclass(frozen=True)
class Item:
    id: str
    href: str  # the ZIP entry name (resolved against the package document's folder)
    media_type: str
    properties: str = ""


@dataclass
class Book:
    """An opened EPUB: entries in archive order, and what the package document says."""

    path: Path
    entries: dict[str, bytes]  # name -> bytes, archive order (junk such as __MACOSX left out)
    opf_name: str
    opf: object  # lxml ElementTree of the package document
    version: str
    manifest: dict[str, Item]  # by id
    spine: list[Item]
    nav: Item | None = None
    ncx: Item | None = None
    title: str = ""

    @property
    def epub3(self) -> bool:
        return self.version.startswith("3")

    def item_by_name(self, name: str) -> Item | None:
        for item in self.manifest.values():
            if item.href == name:
                return item
        return None


FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2", ".ttc", ".eot", ".pfb", ".sfnt")


def _junk(name: str) -> bool:
    return name.startswith("__MACOSX/") or name.endswith("/") or posixpath.basename(name) in (".DS_Store", "Thumbs.db")


def open_book(path: str | Path) -> Book:
    """Read ``path`` as an EPUB; :class:`SourceError` (one line) for anything that is not one."""
    from pipeline.ingest.epub.safety import parse_xml, read_archive

    path = Path(path)
    entries = {name: data for name, data in read_archive(path).items() if not _junk(name)}
    if "META-INF/container.xml" not in entries:
        raise SourceError("is a ZIP archive but not an EPUB (it has no META-INF/container.xml)", path=path)
    container = parse_xml(entries["META-INF/container.xml"], path, "META-INF/container.xml")
    rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
    opf_name = unquote(rootfile.get("full-path", "")) if rootfile is not None else ""
    if not opf_name or opf_name not in entries:
        raise SourceError("is not a readable EPUB: META-INF/container.xml names no package document that is in the archive",
                          path=path)
    _refuse_drm(entries, path)
    opf = parse_xml(entries[opf_name], path, opf_name)
    root = opf.getroot()
    if root.tag != f"{{{OPF}}}package":
        raise SourceError(f"is not a readable EPUB: {opf_name} is not an OPF package document", path=path)
    base = posixpath.dirname(opf_name)
    manifest: dict[str, Item] = {}
    for el in root.iterfind(f"{{{OPF}}}manifest/{{{OPF}}}item"):
        href = el.get("href", "")
        name = posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0]))) if href else ""
        manifest[el.get("id", "")] = Item(el.get("id", ""), name, el.get("media-type", ""), el.get("properties", ""))
    spine_el = root.find(f"{{{OPF}}}spine")
    spine = []
    for ref in (spine_el.iterfind(f"{{{OPF}}}itemref") if spine_el is not None else ()):
        item = manifest.get(ref.get("idref", ""))
        if item is not None and item.media_type in XHTML_TYPES and item.href in entries:
            spine.append(item)
    if not spine:
        raise SourceError("is not a readable EPUB: its spine lists no XHTML content document", path=path)
    nav = next((i for i in manifest.values() if "nav" in i.properties.split() and i.href in entries), None)
    toc_id = spine_el.get("toc", "") if spine_el is not None else ""
    ncx = manifest.get(toc_id) or next((i for i in manifest.values() if i.media_type == NCX_TYPE), None)
    if ncx is not None and ncx.href not in entries:
        ncx = None
    title_el = root.find(f"{{{OPF}}}metadata/{{{DC}}}title")
    title = " ".join((title_el.text or "").split()) if title_el is not None else ""
    return Book(path=path, entries=entries, opf_name=opf_name, opf=opf,
                version=root.get("version", "3.0"), manifest=manifest, spine=spine, nav=nav, ncx=ncx, title=title)


def _refuse_drm(entries: dict[str, bytes], path: Path) -> None:
    """DRM (encryption.xml encrypting anything but obfuscated fonts) is refused in one line."""
    from pipeline.ingest.epub.safety import parse_xml

    data = entries.get("META-INF/encryption.xml")
    if data is None:
        return
    tree = parse_xml(data, path, "META-INF/encryption.xml")
    for encrypted in tree.getroot().iter(f"{{{ENC}}}EncryptedData"):
        method = encrypted.find(f"{{{ENC}}}EncryptionMethod")
        algorithm = method.get("Algorithm", "") if method is not None else ""
        reference = encrypted.find(f"{{{ENC}}}CipherData/{{{ENC}}}CipherReference")
        target = unquote(reference.get("URI", "")) if reference is not None else ""
        if algorithm not in FONT_OBFUSCATION or not target.lower().endswith(FONT_SUFFIXES):
            raise SourceError(  # only fonts may be obfuscated: anything else so marked is DRM
                "is DRM-protected (META-INF/encryption.xml encrypts "
                f"{target or 'its content'}); diglot reads only DRM-free books",
                path=path,
            )

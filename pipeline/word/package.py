"""A Word document's package: the ZIP, its parts and relationships, its styles.

The main document part is found the way Word finds it: the package
relationship of type ``officeDocument`` (``_rels/.rels``), checked against
``[Content_Types].xml``. Every part is read through :mod:`pipeline.archive`
(inflate limits) and parsed with :mod:`pipeline.xmlsafe` (no DTD, no
entities), so a hostile file is one :class:`~pipeline.errors.SourceError`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.word.names import CONTENT_TYPES as _CT
from pipeline.word.names import PKG_RELS as _PKG_RELS
from pipeline.word.names import STRICT_W_NS as _STRICT_W
from pipeline.word.names import W
from pipeline.word.props import on

_MAIN_TYPE = "wordprocessingml.document.main+xml"
_OTHER_WORD = ("wordprocessingml.template.main+xml", "macroEnabled.main+xml", "macroEnabledTemplate.main+xml")
_OTHER_OFFICE = {"spreadsheetml": "a spreadsheet (.xlsx)", "presentationml": "a presentation (.pptx)"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Rel:
    type: str  # the relationship type's last word: "hyperlink", "footnotes", …
    target: str  # a part name (no leading slash) or, when external, the URL
    external: bool


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    type: str  # paragraph | character | table | numbering
    based_on: str
    outline: int | None  # w:outlineLvl (0 = level 1)
    numbered: bool  # has w:numPr
    bold: bool
    italic: bool


class Package:
    """An opened DOCX: ``main`` (the document part's name), ``xml(name)``, ``rels(name)``."""

    def __init__(self, path: str | Path):
        from pipeline.archive import open_zip

        self.path = Path(path)
        _refuse_ole(self.path)
        self._zip = open_zip(self.path, what="DOCX")
        self._cache: dict[str, object] = {}
        try:
            self.main = self._main_part()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def has(self, name: str) -> bool:
        return name in self._zip

    def check_whole(self) -> None:
        """Every part read once, whole (a bad CRC or a broken part is refused now, before any output is
        written), and no internal relationship pointing outside the package (``../../x``)."""
        for name in self._zip.names():
            if name.endswith("/"):
                continue
            with self._zip.open(name) as stream:
                while stream.read(1 << 20):
                    pass
            if name.endswith(".rels"):
                self._check_targets(name)

    def _check_targets(self, rels_name: str) -> None:
        folder = posixpath.dirname(posixpath.dirname(rels_name))  # the part's folder: x/_rels/y.rels -> x
        for rel in self.xml(rels_name).iter(_PKG_RELS + "Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or target.startswith("/"):
                continue
            if posixpath.normpath(posixpath.join(folder, target)).startswith(".."):
                raise SourceError(f"is refused: {rels_name} points outside the package ({target!r}); "
                                  "no Word document does that", path=self.path)

    def xml(self, name: str):
        """The parsed root of part ``name`` (parsed once)."""
        from pipeline.xmlsafe import parse_xml

        if name not in self._cache:
            if name not in self._zip:
                raise SourceError(f"is a damaged DOCX: the part {name} it refers to is missing", path=self.path)
            self._cache[name] = parse_xml(self._zip.read(name), path=self.path, part=name)
        return self._cache[name]

    def rels(self, name: str) -> dict[str, Rel]:
        """The relationships of part ``name`` (``""`` for the package's), by id."""
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self._zip:
            return {}
        out: dict[str, Rel] = {}
        for rel in self.xml(rels_name).iter(_PKG_RELS + "Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = Rel(rel.get("Type", "").rsplit("/", 1)[-1], target, external)
        return out

    def related(self, name: str, kind: str) -> list[str]:
        """Names of the parts ``name`` relates to with relationships of type ``kind`` that exist."""
        return [r.target for r in self.rels(name).values() if r.type == kind and not r.external and self.has(r.target)]

    def styles(self) -> dict[str, Style]:
        """The main part's styles by id (empty when it has none)."""
        found = self.related(self.main, "styles")
        if not found:
            return {}
        out = {}
        for el in self.xml(found[0]).iter(W + "style"):
            sid = el.get(W + "styleId", "")
            name = el.find(W + "name")
            based = el.find(W + "basedOn")
            ppr = el.find(W + "pPr")
            rpr = el.find(W + "rPr")
            outline = ppr.find(W + "outlineLvl") if ppr is not None else None
            out[sid] = Style(
                id=sid,
                name=name.get(W + "val", "") if name is not None else "",
                type=el.get(W + "type", "paragraph"),
                based_on=based.get(W + "val", "") if based is not None else "",
                outline=_int(outline.get(W + "val")) if outline is not None else None,
                numbered=ppr is not None and ppr.find(W + "numPr") is not None,
                bold=on(rpr, "b"),
                italic=on(rpr, "i"),
            )
        return out

    def _main_part(self) -> str:
        if "[Content_Types].xml" not in self._zip or "_rels/.rels" not in self._zip:
            raise SourceError("is not a Word document (a ZIP without [Content_Types].xml and _rels/.rels); "
                              "save it as .docx from Word or LibreOffice", path=self.path)
        types = self._content_types()
        mains = [r.target for r in self.rels("").values() if r.type == "officeDocument" and not r.external]
        if not mains:
            raise SourceError("is not a Word document (its package names no main document part)", path=self.path)
        main = mains[0]
        ctype = types.get(main, "")
        for key, what in _OTHER_OFFICE.items():
            if key in ctype:
                raise SourceError(f"is {what}, not a Word document", path=self.path)
        if ctype.endswith(_OTHER_WORD):
            raise SourceError("is a Word template or macro-enabled document; save it as a Word document (.docx)",
                              path=self.path)
        if not ctype.endswith(_MAIN_TYPE):
            raise SourceError(f"is not a Word document (its main part {main} is {ctype or 'of no known type'})",
                              path=self.path)
        root = self.xml(main)
        if root.tag == "{%s}document" % _STRICT_W:
            raise SourceError("is a Strict Open XML document; save it as a standard Word document (.docx)",
                              path=self.path)
        if root.tag != W + "document" or root.find(W + "body") is None:
            raise SourceError(f"is not a Word document (its main part {main} has no w:body)", path=self.path)
        return main

    def _content_types(self) -> dict[str, str]:
        root = self.xml("[Content_Types].xml")
        defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(_CT + "Default")}
        overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in root.iter(_CT + "Override")}
        out = {}
        for name in self._zip.names():
            out[name] = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        return out


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _refuse_ole(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return  # open_zip says what is wrong with it
    if head == OLE_MAGIC:
        raise SourceError("is password-protected or an old Word 97-2003 file (an OLE container, not a ZIP); "
                          "save it as .docx without a password", path=path)

"""Marks as XLIFF inline codes, and back.

- XLIFF 2.1: a span is ``<pc id type subType dataRefStart dataRefEnd>``
  around its text, a footnote reference or a line break ``<ph id dataRef>``;
  the data refs point at the unit's ``<originalData>``, whose ``<data>`` hold
  diglot's native codes (``<link href="…">``, the same as in TMX, see
  :mod:`pipeline.interchange.inline`), so kind and href survive any CAT tool
  that keeps the unit's original data. ``type``/``subType`` name the kind for
  tools (``fmt``/``xlf:i``, ``fmt``/``xlf:b``, ``link``, ``fmt``/``xlf:lb``).
- XLIFF 1.2: a span is ``<g id ctype>`` (``italic``, ``bold``, ``link``,
  ``x-code``…), a reference or break ``<x id ctype>`` (``lb``,
  ``x-footnote``); the href and language travel as ``dg:href``/``dg:lang``.

Spans may overlap; they are written well nested (cut where they cross, see
:func:`pipeline.render.inline.runs`; a later piece has the id ``N-2``…) and
adjacent pieces of one mark are joined again on reading. A code in the target
has the id of the source code of the same kind and href, as XLIFF expects.
Codes of other tools are read as their text, as before. A unit whose source
and target have no diglot code says nothing about formatting (the memory's
marks are kept); once its source has codes, the target's codes are its marks.
"""

from __future__ import annotations

from pipeline.interchange.inline import code, native
from pipeline.model import Mark

DG = "urn:diglot:xliff"
CTYPE = {"emphasis": "italic", "strong": "bold", "link": "link", "linebreak": "lb"}
KIND_OF_CTYPE = {v: k for k, v in CTYPE.items()}
SUBTYPE = {"emphasis": ("fmt", "xlf:i"), "strong": ("fmt", "xlf:b"), "linebreak": ("fmt", "xlf:lb"),
           "link": ("link", ""), "footnote": ("other", "")}
KIND_OF_SUBTYPE = {sub: kind for kind, (_, sub) in SUBTYPE.items() if sub}
_SPANS = {"pc", "g"}
_POINTS = {"ph", "x"}


def code_ids(source_marks, target_marks) -> tuple[dict[int, str], dict[int, str]]:
    """Ids for each source and target mark (by index): a target mark takes the id of an unused
    source mark of the same kind, href and language; others get new ids."""
    source_ids = {i: str(i + 1) for i in range(len(source_marks))}
    free: dict[tuple, list[int]] = {}
    for i, m in enumerate(source_marks):
        free.setdefault((m.kind, m.href, m.language, m.start == m.end), []).append(i)
    target_ids, next_id = {}, len(source_marks) + 1
    for i, m in enumerate(target_marks):
        pool = free.get((m.kind, m.href, m.language, m.start == m.end))
        if pool:
            target_ids[i] = source_ids[pool.pop(0)]
        else:
            target_ids[i], next_id = str(next_id), next_id + 1
    return source_ids, target_ids


def fill(element, text: str, marks, ids: dict[int, str], version: str, clean, data: dict[str, str]) -> None:
    """Give an empty lxml source/target ``element`` the text with ``marks`` as inline codes.

    ``data`` (2.1): native code -> data id, filled here for the unit's ``<originalData>``.
    """
    from pipeline.render.inline import runs

    codes = _Codes(element, marks, ids, version, data)
    stack: list[tuple[Mark, object]] = []  # open spans, outermost first
    for run in runs(text, marks):
        if run.point is not None:
            codes.point(stack[-1][1] if stack else element, run.point)
            continue
        over = {id(m) for m in run.marks}
        keep = 0  # spans already open stay open (the fewest cuts); the others open inside, outermost first
        while keep < len(stack) and id(stack[keep][0]) in over:
            keep += 1
        del stack[keep:]
        opened = {id(m) for m, _ in stack}
        for mark in (m for m in run.marks if id(m) not in opened):
            stack.append((mark, codes.open_span(stack[-1][1] if stack else element, mark)))
        _append(stack[-1][1] if stack else element, clean(run.text))
    if len(element) and not element.text:
        element.text = ""  # a text node: the pretty-printer never indents inside (a code-only source stays as it is)


def _append(parent, piece: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + piece
    else:
        parent.text = (parent.text or "") + piece


class _Codes:
    """The inline code elements of one source or target: ``<pc>``/``<ph>`` (2.1), ``<g>``/``<x>`` (1.2)."""

    def __init__(self, element, marks, ids: dict[int, str], version: str, data: dict[str, str]):
        self.ns = element.tag[: element.tag.index("}") + 1] if element.tag.startswith("{") else ""
        self.index = {id(m): i for i, m in enumerate(marks)}
        self.ids, self.version, self.data = ids, version, data
        self.pieces: dict[int, int] = {}  # a span cut where spans cross: its later pieces get ids of their own

    def data_ref(self, native_code: str) -> str:
        return self.data.setdefault(native_code, f"d{len(self.data) + 1}")

    def open_span(self, parent, mark):
        from lxml import etree

        mid = self.ids[self.index[id(mark)]]
        self.pieces[id(mark)] = self.pieces.get(id(mark), 0) + 1
        if self.pieces[id(mark)] > 1:
            mid = f"{mid}-{self.pieces[id(mark)]}"
        if self.version == "2.1":
            kind, sub = SUBTYPE.get(mark.kind, ("fmt", ""))
            attrs = {"id": mid, "type": kind, "dataRefStart": self.data_ref(code(mark)),
                     "dataRefEnd": self.data_ref(code(mark, closing=True))}
            if sub:
                attrs["subType"] = sub
            return etree.SubElement(parent, f"{self.ns}pc", attrs)
        attrs = {"id": mid, "ctype": CTYPE.get(mark.kind, f"x-{mark.kind}")}
        attrs.update({f"{{{DG}}}href": mark.href} if mark.href else {})
        attrs.update({f"{{{DG}}}lang": mark.language} if mark.language else {})
        return etree.SubElement(parent, f"{self.ns}g", attrs)

    def point(self, parent, mark):
        from lxml import etree

        mid = self.ids[self.index[id(mark)]]
        if self.version == "2.1":
            kind, sub = SUBTYPE.get(mark.kind, ("other", ""))
            attrs = {"id": mid, "type": kind, "dataRef": self.data_ref(code(mark, empty=True))}
            if sub:
                attrs["subType"] = sub
            return etree.SubElement(parent, f"{self.ns}ph", attrs)
        attrs = {"id": mid, "ctype": CTYPE.get(mark.kind, f"x-{mark.kind}")}
        attrs.update({f"{{{DG}}}href": mark.href} if mark.href else {})
        return etree.SubElement(parent, f"{self.ns}x", attrs)


def read(element, data: dict[str, str], *, dedent: bool = False, codes=None):
    """(text, marks, whether any diglot code was found, the codes by id) of a source/target element.

    ``data``: the unit's ``<originalData>`` (2.1), data id -> content.
    ``codes``: the source's codes by id, for a target: a code the tool wrote
    back without diglot's attributes (``<g ctype="link">`` without its href,
    a bare ``<x/>``) is the source code of its id, else the first unused one
    of its kind (spans and points apart). ``dedent``: whitespace with a
    newline right before or after a code is indentation, not text.
    """
    marks: list[Mark] = []
    found = False
    ids: dict[str, tuple[str, str, str, bool]] = {}  # code id -> (kind, href, language, point)
    resolve = _Resolver(codes or {})

    def walk(node, text: str) -> str:
        nonlocal found
        text += _kept(node.text, dedent and len(node) > 0)
        for child in node:
            local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if local in _SPANS or local in _POINTS:
                point = local in _POINTS
                described = resolve(child, _described(child, data), point)
                if described and child.get("id"):
                    ids.setdefault(_base_id(child.get("id")), (*described, point))
                start = len(text)
                if not point:
                    text = walk(child, text)
                if described and (point or len(text) > start):
                    found = True
                    marks.append(Mark(described[0], start, len(text), href=described[1],
                                      language="" if point else described[2]))
            elif local and local not in _CODES:
                text = walk(child, text)
            text += _kept(child.tail, dedent)
        return text

    text = walk(element, "")
    return text, _joined(marks), found, ids


def _kept(piece: str | None, dedent: bool) -> str:
    """Text as read; with ``dedent``, whitespace that holds a newline (indentation) is left out."""
    if not piece:
        return ""
    return "" if dedent and not piece.strip() and "\n" in piece else piece


def _base_id(code_id: str) -> str:
    """The id of a span's first piece (a span cut where spans cross has later pieces ``N-2``...)."""
    head, _, tail = code_id.rpartition("-")
    return head if head and tail.isdigit() else code_id


def _described(child, data: dict[str, str]) -> tuple[str, str, str] | None:
    """(kind, href, language) a code says of itself: its data ref (2.1), else its type, ctype, dg: attributes."""
    ref = child.get("dataRefStart") or child.get("dataRef")
    if ref and ref in data and native(data[ref]):
        return native(data[ref])
    ctype = child.get("ctype", "")
    kind = KIND_OF_SUBTYPE.get(child.get("subType", "")) or KIND_OF_CTYPE.get(ctype) or (
        ctype[2:] if ctype.startswith("x-") else "")
    if not kind and child.get("type") == "link":
        kind = "link"
    if not kind or not native(f"<{kind}>"):
        return None
    return kind, child.get(f"{{{DG}}}href", ""), child.get(f"{{{DG}}}lang", "")


class _Resolver:
    """A target code without diglot's attributes, completed from the source's codes."""

    def __init__(self, codes: dict[str, tuple[str, str, str, bool]]):
        self.codes, self.used = codes, set()

    def __call__(self, child, described, point: bool):
        if not self.codes:
            return described
        code_id = _base_id(child.get("id", ""))
        same = self.codes.get(code_id)
        if same is None or same[3] != point or (described and described[0] != same[0]):
            same = next(((i, c) for i, c in self.codes.items() if i not in self.used and c[3] == point
                         and (described is None or c[0] == described[0])), (None, None))[1]
            code_id = next((i for i, c in self.codes.items() if c is same), "")
        if same is None:
            return described
        self.used.add(code_id)
        if described is None:
            return same[:3]
        kind, href, lang = described
        return kind, href or same[1], lang or same[2]


# Codes whose content is code, not text (left out of the text).
_CODES = {"ph", "sc", "ec", "cp", "bpt", "ept", "it", "x", "bx", "ex", "sm", "em"}


def _joined(marks: list[Mark]) -> tuple[Mark, ...]:
    """Adjacent pieces of one span (cut where spans crossed) joined again, sorted."""
    out: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        same = next((i for i, m in enumerate(out) if m.end == mark.start < mark.end and m.start < m.end
                     and (m.kind, m.href, m.language) == (mark.kind, mark.href, mark.language)), None)
        if same is not None:
            out[same] = Mark(mark.kind, out[same].start, mark.end, href=mark.href, language=mark.language)
        else:
            out.append(mark)
    return tuple(sorted(out, key=lambda m: (m.start, -m.end)))

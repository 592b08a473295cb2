"""Run properties: the on/off rule, and which mark each property shows, both ways.

Reading (:func:`kinds_of`): ``w:i`` → emphasis, ``w:b`` → strong,
``w:vertAlign`` → superscript/subscript, a code font → code (where the reader
asks for it). Writing (:func:`run_format`): the same table the other way, plus
the colour and underline a link gets where no ``Hyperlink`` style shows it.
Children of ``w:rPr`` are put in the schema's order (:func:`set_child`): Word
rejects a file where they are not.
"""

from __future__ import annotations

from typing import Collection, NamedTuple

from pipeline.word.names import W

OFF = ("0", "false", "off")  # the values that turn an on/off property (w:b, w:i, w:vanish…) off
VAL = W + "val"
# mark kind, the on/off property that shows it, the name of both on a style (and on RunFormat)
TOGGLES = (("emphasis", "i", "italic"), ("strong", "b", "bold"))
VERTICAL = ("superscript", "subscript")  # mark kinds that are w:vertAlign values of the same name
CODE_FONT = "Consolas"  # the font diglot writes code in
CODE_FONTS = (CODE_FONT, "Courier New")  # fonts read back as code
LINK_COLOUR = "0563C1"  # a link's colour (and single underline) where no Hyperlink style shows it

# CT_RPr's children, in schema order.
RPR_ORDER = [W + t for t in (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()]


def child(element, tag: str):
    """The first child of ``element`` with ``tag`` (what ``element.find(tag)`` gives, at a
    third of its cost: a review of 30,000 rows asks this about a million times)."""
    for found in element.iterchildren(tag):
        return found
    return None


def on(rpr, name: str) -> bool:
    """Whether the on/off property ``name`` (``b``, ``i``, ``vanish``…) is on in ``rpr``."""
    if rpr is None:
        return False
    el = child(rpr, W + name)
    return el is not None and el.get(VAL, "true").lower() not in OFF


def value(rpr, name: str) -> str:
    """The ``w:val`` of the property ``name`` in ``rpr`` (``vertAlign``, ``rStyle``…); "" when absent."""
    if rpr is None:
        return ""
    el = child(rpr, W + name)
    return el.get(VAL, "") if el is not None else ""


def code_font(rpr) -> bool:
    """Whether ``rpr`` sets a code font."""
    fonts = child(rpr, W + "rFonts") if rpr is not None else None
    return fonts is not None and fonts.get(W + "ascii", "") in CODE_FONTS


def kinds_of(rpr, style=None, *, code: bool = False) -> list[tuple[str, str]]:
    """The marks a run's properties show, as ``(kind, "")`` pairs: emphasis, strong,
    superscript or subscript, and code when ``code`` is asked for. ``style``: the run's
    character style (with ``italic`` and ``bold``), or None."""
    kinds = []
    for kind, name, attribute in TOGGLES:
        if on(rpr, name) or (style is not None and getattr(style, attribute)):
            kinds.append((kind, ""))
    vert = value(rpr, "vertAlign")
    if vert in VERTICAL:
        kinds.append((vert, ""))
    if code and code_font(rpr):
        kinds.append(("code", ""))
    return kinds


class RunFormat(NamedTuple):
    italic: bool
    bold: bool
    vert: str  # superscript | subscript | ""
    code: bool


def run_format(kinds: Collection[str]) -> RunFormat:
    """How a run showing the marks ``kinds`` is formatted."""
    vert = next((v for v in VERTICAL if v in kinds), "")
    return RunFormat(italic="emphasis" in kinds, bold="strong" in kinds, vert=vert, code="code" in kinds)


def set_child(rpr, tag: str, attrs: dict | None = None):
    """The ``tag`` child of ``rpr`` (created in schema order), with ``attrs`` set."""
    el = rpr.find(tag)
    if el is None:
        el = rpr.makeelement(tag, {})
        rank = RPR_ORDER.index(tag) if tag in RPR_ORDER else len(RPR_ORDER)
        for sibling in rpr:  # before the first that comes later, or the first extension (w14:…, last in Word's own)
            later = RPR_ORDER.index(sibling.tag) > rank if sibling.tag in RPR_ORDER else not sibling.tag.startswith(W)
            if later:
                sibling.addprevious(el)
                break
        else:
            rpr.append(el)
    for key, val in (attrs or {}).items():
        el.set(key, val)
    return el

"""Run properties: the on/off rule, marks read from and written as properties, schema order."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.word.names import W, W_NS
from pipeline.word.props import RPR_ORDER, TOGGLES, VERTICAL, kinds_of, on, run_format, set_child, value


def rpr(inner: str):
    return etree.fromstring(f'<w:rPr xmlns:w="{W_NS}">{inner}</w:rPr>')


@pytest.mark.parametrize("xml, expected", [
    ("<w:b/>", True), ('<w:b w:val="1"/>', True), ('<w:b w:val="true"/>', True), ('<w:b w:val="on"/>', True),
    ('<w:b w:val="0"/>', False), ('<w:b w:val="false"/>', False), ('<w:b w:val="Off"/>', False), ("", False),
])
def test_an_on_off_property_is_on_unless_its_value_turns_it_off(xml, expected):
    assert on(rpr(xml), "b") is expected
    assert on(None, "b") is False


def test_a_valued_property_is_its_value_or_empty():
    assert value(rpr('<w:vertAlign w:val="superscript"/>'), "vertAlign") == "superscript"
    assert value(rpr(""), "vertAlign") == "" and value(None, "rStyle") == ""


def test_each_mark_written_as_run_properties_reads_back_as_that_mark():
    for kinds in ([], ["emphasis"], ["strong"], ["emphasis", "strong"], ["superscript"], ["subscript", "strong"]):
        element = rpr("")
        shown = run_format(kinds)
        for kind, name, _ in TOGGLES:
            if kind in kinds:
                set_child(element, W + name)
        if shown.vert:
            set_child(element, W + "vertAlign", {W + "val": shown.vert})
        assert sorted(k for k, _ in kinds_of(element)) == sorted(kinds)


def test_code_is_read_from_a_code_font_only_where_asked():
    element = rpr('<w:rFonts w:ascii="Courier New"/>')
    assert kinds_of(element, code=True) == [("code", "")]
    assert kinds_of(element) == []
    assert run_format(["code", "superscript"]) == (False, False, "superscript", True)
    assert VERTICAL == ("superscript", "subscript")


def test_a_character_style_that_is_bold_or_italic_makes_the_mark():
    class Style:
        bold, italic = True, False

    assert kinds_of(rpr(""), Style()) == [("strong", "")]


def test_run_properties_keep_the_schema_order_around_word_2010_extensions():
    w14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W[1:-1]}" xmlns:w14="{w14[1:-1]}"><w:b/><w:sz w:val="20"/>'
                           "<w14:textOutline/></w:rPr>")
    for tag in ("lang", "rStyle", "i", "vertAlign"):
        set_child(rpr, W + tag, {W + "val": "x"})
    tags = [child.tag for child in rpr]
    assert tags[-1] == w14 + "textOutline"
    assert tags[:-1] == sorted(tags[:-1], key=RPR_ORDER.index)

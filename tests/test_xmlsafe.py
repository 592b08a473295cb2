"""pipeline.xmlsafe: no DTD, no entity, never half-read; one line naming file, part and line."""

from __future__ import annotations

import io

import pytest

from pipeline.errors import ReviewError, SourceError
from pipeline.xmlsafe import iter_xml, parse_xml

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE a [\n<!ENTITY l0 "ha">\n'
          + b"".join(b'<!ENTITY l%d "%s">\n' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
          + b"]>\n<a>&l9;</a>")
CASES = {
    "internal entity": (b'<!DOCTYPE a [<!ENTITY x "LEAKED">]>\n<a>L[&x;]R</a>', "line 1: refused: the XML declares the XML entity x"),
    "external entity": (b'<?xml version="1.0"?>\n<!DOCTYPE a [\n<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
                        "line 3: refused: the XML declares the XML entity x"),
    "billion laughs": (LAUGHS, "line 3: refused: the XML declares the XML entities l0, l1, l2"),
    "element declaration": (b'<!DOCTYPE a [<!ELEMENT a ANY>]><a>x</a>', "line 1: refused: the XML declares a DTD (element a)"),
    "entity of an unread DTD": (b'<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "a.dtd">\n<a>\nx &foo; y</a>',
                                "line 4: refused: the XML uses the entity &foo; that diglot does not expand"),
    "malformed": (b"<a><b></a>", "line 1: not well-formed XML (Opening and ending tag mismatch"),
}


@pytest.mark.parametrize("case", CASES)
def test_unsafe_or_broken_xml_is_refused_naming_file_part_and_line(case):
    data, message = CASES[case]
    with pytest.raises(ReviewError) as caught:
        parse_xml(data, path="edited.docx", part="word/document.xml", error=ReviewError)
    assert str(caught.value).startswith(f"edited.docx: word/document.xml, {message}")
    assert "\n" not in str(caught.value)
    with pytest.raises(SourceError) as streamed:
        for _ in iter_xml(io.BytesIO(data), path="book.epub", part="OEBPS/c1.xhtml"):
            pass
    assert str(streamed.value).startswith(f"book.epub: OEBPS/c1.xhtml, {message}")


def test_a_lone_file_has_its_line_after_the_file_name():
    with pytest.raises(SourceError) as caught:
        parse_xml(CASES["internal entity"][0], path="memory.tmx")
    assert str(caught.value).startswith("memory.tmx:1: refused") and caught.value.line == 1


def test_plain_doctypes_are_read_and_their_dtd_never_loaded():
    data = b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><p>a &amp; b &#x3000;</p></html>'
    assert parse_xml(data, path="c.xhtml").findtext("p") == "a & b \u3000"
    data = b'<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd"><tmx><seg>x</seg></tmx>'
    assert parse_xml(data, path="m.tmx").findtext("seg") == "x"


def test_streaming_yields_elements_and_keeps_the_tag_filter():
    data = b"<r>" + b"".join(b"<u id='%d'>t</u>" % i for i in range(5)) + b"</r>"
    ids = []
    for _event, element in iter_xml(io.BytesIO(data), path="x.xml", tag="u"):
        ids.append(element.get("id"))
        element.clear()
    assert ids == ["0", "1", "2", "3", "4"]


def test_elements_nested_past_the_parsers_depth_say_so_without_libxml2s_advice():
    from pipeline.errors import DiglotError

    with pytest.raises(DiglotError) as caught:
        parse_xml(b"<martif>" + b"<table>" * 300 + b"x" + b"</table>" * 300 + b"</martif>", path="deep.tbx")
    assert str(caught.value) == "deep.tbx:1: not well-formed XML (its elements nest more than 256 deep, which no document needs)"
    assert "XML_PARSE_HUGE" not in str(caught.value)

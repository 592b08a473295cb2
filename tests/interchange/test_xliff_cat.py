"""XLIFF for CAT tools that translate the target (OmegaT and others).

With ``--target source`` (or ``empty``) the translator sees the source (or
nothing) in the target and gets the machine text as a candidate; what they
take or type comes back as reviewed, and what they leave untouched (a copy of
the source) comes back as untranslated, never as reviewed.
"""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.interchange import edition_from_memory, import_xliff, write_xliff
from pipeline.model import ReviewEdit
from tests.review.docx_fixtures import machine_targets, sample_document, sources

SRC, MT = sources(), machine_targets()
X1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mtc": "urn:oasis:names:tc:xliff:matches:2.0"}


def export(memory, tmp_path, version, target):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Reviewed by a person.")])
    path = tmp_path / f"speeches-{version}-{target}.xlf"
    return write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), path, version=version, target=target)


def test_xliff_12_for_a_cat_tool_shows_the_source_in_target_and_machine_text_as_alt_trans(memory, tmp_path):
    from translate.storage import xliff

    path = export(memory, tmp_path, "1.2", "source")
    store = xliff.xlifffile.parsefile(str(path))  # what a CAT tool's XLIFF reader sees
    units = {u.getid().split("\x04")[-1]: u for u in store.units}
    assert units["p5.1"].target == SRC["p5.1"]
    assert [alt.target for alt in units["p5.1"].getalttrans()] == [MT["p5.1"]]
    assert units["p3.1"].target == SRC["p3.1"]  # reviewed text never stands where the source should
    assert [alt.target for alt in units["p3.1"].getalttrans()] == ["Reviewed by a person."]


def test_a_cat_tools_untouched_copies_come_back_untranslated_and_its_work_as_reviewed(memory, tmp_path):
    path = export(memory, tmp_path, "1.2", "source")
    tree = etree.parse(str(path))

    def unit(sid):
        return tree.find(f".//x:trans-unit[@id='{sid}']", X1)

    unit("p5.1").find("x:target", X1).text = MT["p5.1"]  # took the machine candidate
    unit("p5.1").find("x:target", X1).set("state", "translated")
    unit("p5.2").find("x:target", X1).text = "Typed by the translator."
    unit("p5.3").find("x:target", X1).set("state", "translated")  # confirmed, but still a copy of the source
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    report = import_xliff(path, memory)

    assert dict(report.applied) == {"p5.1": "reviewed", "p5.2": "reviewed"}
    assert "copy of the source" in dict(report.unchanged)["p5.3"] or "not confirmed" in dict(report.unchanged)["p5.3"]
    found = memory.lookup("zh", "en", SRC.values())
    assert (found[SRC["p5.1"]].target, found[SRC["p5.1"]].status) == (MT["p5.1"], "reviewed")
    assert (found[SRC["p5.2"]].target, found[SRC["p5.2"]].status) == ("Typed by the translator.", "reviewed")
    assert all(found[SRC[sid]].status == "machine" for sid in ("p1.1", "p2.1", "p3.2", "p4.1", "p5.3"))


def test_a_source_copied_into_the_target_by_a_cat_tool_is_never_stored_as_reviewed(memory, tmp_path):
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf", version="1.2")
    tree = etree.parse(str(path))
    for unit in tree.iterfind(".//x:trans-unit", X1):
        unit.find("x:target", X1).text = unit.find("x:source", X1).text  # "copy source to target" on every unit
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")

    report = import_xliff(path, memory)

    assert report.applied == () and len(report.unchanged) == len(SRC)
    assert all(e.status == "machine" for e in memory.entries("zh", "en"))


@pytest.mark.parametrize("target", ["empty", "source"])
def test_xliff_21_for_a_cat_tool_puts_the_machine_text_in_matches(memory, tmp_path, target):
    path = export(memory, tmp_path, "2.1", target)
    tree = etree.parse(str(path))
    unit = tree.find(".//x:unit[@id='p5.1']", X2)
    shown = unit.find(".//x:segment/x:target", X2)
    assert (shown.text if shown is not None else "") == (SRC["p5.1"] if target == "source" else "")
    match = unit.find("mtc:matches/mtc:match", X2)
    assert match.get("type") == "mt" and match.find("x:target", X2).text == MT["p5.1"]
    assert match.get("ref") == "#" + unit.find("x:segment", X2).get("id")

    report = import_xliff(path, memory)  # returned untouched: nothing stored
    assert report.applied == () and report.rejected == () and report.conflicts == ()

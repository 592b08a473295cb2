"""An XLIFF round trip as a translator in OmegaT makes it, through the CLI on a built project.

OmegaT translates what is in <target>: the source must be there (never the
reviewed English), reviewed text comes as a 100 % candidate; what it writes
back (its <g>/<x> codes, a code line as exported) imports with its marks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.support.cli import diglot
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit

X1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mtc": "urn:oasis:names:tc:xliff:matches:2.0"}
NOTES = """# 绿色笔记

## 一、数据

本文的数据来自*国际能源署*的公开报告，详见[能源署网站](https://www.iea.org/reports)。[^1]

推动绿色转型，关键在于创新。

```sh
diglot segment source/notes.md --json
```

[^1]: 国际能源署，巴黎。
"""
DATA = "本文的数据来自国际能源署的公开报告，详见能源署网站。"
REVIEWED = "Green transition depends on innovation."


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "notes.md").write_text(NOTES, encoding="utf-8")
    diglot("build", "--project", folder, "--engine", "none")
    with TranslationMemory.for_project(folder) as tm:
        tm.store_review("zh", "en", [ReviewEdit("推动绿色转型，关键在于创新。", REVIEWED)])
    return folder


def export(project: Path, version: str, target: str) -> Path:
    diglot("export", "xliff", "--project", project, "--version", version, "--target", target)
    return project / "output" / "notes.xlf"


def entry(project: Path, source: str):
    with TranslationMemory.for_project(project) as tm:
        return tm.lookup("zh", "en", [source]).get(source)


def test_omegat_never_sees_the_reviewed_english_as_source_it_comes_as_a_reviewed_candidate(project):
    tree = etree.parse(str(export(project, "1.2", "source")))
    units = tree.findall(".//x:trans-unit", X1)
    for unit in units:  # every <target> holds the source as exported, codes and all
        assert etree.tostring(unit.find("x:target", X1), method="c14n").split(b">", 1)[1].rsplit(b"<", 1)[0] == \
            etree.tostring(unit.find("x:source", X1), method="c14n").split(b">", 1)[1].rsplit(b"<", 1)[0]
    reviewed = next(u for u in units if u.findtext("x:source", namespaces=X1) == "推动绿色转型，关键在于创新。")
    (alt,) = reviewed.findall("x:alt-trans", X1)
    assert alt.get("origin") == "diglot-reviewed" and alt.get("match-quality") == "100"
    assert alt.findtext("x:target", namespaces=X1) == REVIEWED and alt.find("x:target", X1).get("state") == "signed-off"

    tree = etree.parse(str(export(project, "2.1", "empty")))
    unit = next(u for u in tree.iterfind(".//x:unit", X2) if u.findtext(".//x:source", namespaces=X2).startswith("推动"))
    assert unit.find(".//x:segment/x:target", X2) is None
    match = unit.find("mtc:matches/mtc:match", X2)
    assert (match.get("similarity"), match.get("subType"), match.findtext("x:target", namespaces=X2)) == \
        ("100", "diglot:reviewed", REVIEWED)


@pytest.mark.parametrize("version, target", [("1.2", "source"), ("1.2", "machine"), ("2.1", "source"), ("2.1", "empty")])
def test_the_reviewed_text_filled_in_from_tm_auto_or_left_as_exported_changes_nothing(project, version, target):
    path = export(project, version, target)
    if version == "1.2":  # OmegaT inserted the reviewed TMX's exact match
        tree = etree.parse(str(path))
        unit = next(u for u in tree.iterfind(".//x:trans-unit", X1) if u.findtext("x:source", namespaces=X1).startswith("推动"))
        unit.find("x:target", X1).text = REVIEWED
        unit.find("x:target", X1).set("state", "translated")
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    result = diglot("import", "xliff", path, "--project", project)
    assert "applied: 0" in result.output and "rejected: 0" in result.output and "conflicts: 0" in result.output
    assert entry(project, "推动绿色转型，关键在于创新。").target == REVIEWED


@pytest.mark.parametrize("version, target", [("1.2", "source"), ("1.2", "machine"), ("2.1", "machine"), ("2.1", "source")])
def test_an_unedited_export_with_a_code_line_imports_back_without_rejections(project, version, target):
    path = export(project, version, target)
    assert not re.search(r"<(source|target)[^>/]*>\s", path.read_text(encoding="utf-8"))  # never indented inside
    result = diglot("import", "xliff", path, "--project", project)
    assert "rejected: 0" in result.output, result.output


def test_a_code_line_indented_by_a_pretty_printer_still_imports(project):
    path = export(project, "1.2", "source")
    text = path.read_text(encoding="utf-8")
    code = '<g id="1" ctype="x-code">diglot segment source/notes.md --json</g>'
    assert text.count(f">{code}<") == 2
    path.write_text(text.replace(f">{code}<", f">\n          {code}\n        <"), encoding="utf-8")  # as diglot wrote it before
    result = diglot("import", "xliff", path, "--project", project)
    assert "rejected: 0" in result.output, result.output


def omegat_target(path: Path, target_xml: str) -> None:
    """The data sentence's target as OmegaT (or a hand edit) writes it back."""
    tree = etree.parse(str(path))
    unit = next(u for u in tree.iterfind(".//x:trans-unit", X1) if "".join(u.find("x:source", X1).itertext()) == DATA)
    unit.remove(unit.find("x:target", X1))
    target = etree.fromstring(f'<target xmlns="{X1["x"]}" state="translated">{target_xml}</target>')
    unit.find("x:source", X1).addnext(target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("target_xml", [
    # OmegaT: its tags back with the source's ids, the dg: attributes lost
    'The data come from reports of the <g id="1" ctype="italic">International Energy Agency</g>; see '
    '<g id="2" ctype="link">the agency\'s website</g>.<x id="3"/>',
    # a hand edit: no ids at all
    'The data come from reports of the <g ctype="italic">International Energy Agency</g>; see '
    '<g ctype="link">the agency\'s website</g>.<x/>',
])
def test_inline_codes_written_back_by_omegat_become_the_targets_marks(project, target_xml):
    path = export(project, "1.2", "source")
    omegat_target(path, target_xml)
    result = diglot("import", "xliff", path, "--project", project)
    assert "applied: 1" in result.output, result.output
    found = entry(project, DATA)
    text = found.target
    assert text == "The data come from reports of the International Energy Agency; see the agency's website."
    shape = {(m.kind, text[m.start:m.end], m.href) for m in found.marks if m.kind != "footnote"}
    assert shape == {("emphasis", "International Energy Agency", ""),
                     ("link", "the agency's website", "https://www.iea.org/reports")}
    (note,) = [m for m in found.marks if m.kind == "footnote"]
    assert note.start == note.end == len(text)  # after the full stop, where the translator put it

    diglot("build", "--project", project, "--engine", "none")
    import zipfile

    with zipfile.ZipFile(project / "output" / "notes.epub") as book:
        xhtml = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml"))
    assert "<em>International Energy Agency</em>" in xhtml
    assert 'href="https://www.iea.org/reports">the agency&#x27;s website</a>.<sup>' in xhtml  # the note after the stop

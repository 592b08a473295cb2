"""OmegaT 3.6 itself on what `diglot export omegat` writes (console mode; skipped where omegat is absent).

Each test builds a diglot project in code, writes the OmegaT project with the
CLI, and runs ``omegat --mode=console-translate`` on it (a few seconds), with
a small Groovy script (OmegaT's ``--script``, run inside OmegaT with the
project loaded) that prints what OmegaT sees: every segment's source, and
every glossary entry as OmegaT's own glossary readers give it (console mode
shows no glossary). Then the translated files OmegaT wrote are read back and
imported with `diglot import xliff`.

Run only these: ``pytest -m omegat``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from pipeline.ingest import read_document
from pipeline.memory import TranslationMemory
from pipeline.model import Mark, ReviewEdit
from pipeline.segment import segment_document
from tests.support.cli import diglot
from tests.support.layouts import CORPUS

OMEGAT = shutil.which("omegat")
pytestmark = [pytest.mark.omegat, pytest.mark.skipif(OMEGAT is None, reason="OmegaT is not installed (apt-get install omegat)")]

ROOT = Path(__file__).resolve().parents[2]
X1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
TAG = re.compile(r"</?[a-z]\d+/?>")  # OmegaT's tags: <g0>, </g0>, <x1/>

# Runs inside OmegaT (Groovy, OmegaT's scripting): what OmegaT loaded, one tab-separated line each.
SCRIPT = r"""
import org.omegat.core.Core
import org.omegat.gui.glossary.GlossaryReaderTSV
import org.omegat.gui.glossary.GlossaryReaderTBX
def flat = { s -> s == null ? "" : s.replace("\t", " ").replace("\n", "\\n") }
if (eventType.toString() == "LOAD") {
    Core.getProject().getAllEntries().each { e ->
        println "SOURCE\t" + new File(e.getKey().file).getName() + "\t" + flat(e.getSrcText())
    }
    new File(Core.getProject().getProjectProperties().getGlossaryRoot()).listFiles().sort().each { f ->
        def entries = f.name.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false)
        entries.each { g ->
            println "GLOSSARY\t" + f.name + "\t" + flat(g.getSrcText()) + "\t" + flat(g.getLocText()) + "\t" + flat(g.getCommentText())
        }
    }
}
"""

# a unit that opens with a code (kept: it closes before the last word) and holds a reference
NOTES = "*注意*：数据截至2023年[^1]，仍在更新。\n\n[^1]: 国际能源署，巴黎。\n"
DATA = "本文的数据来自国际能源署的公开报告，详见能源署网站。"
DATA_REVIEWED = "The data come from public reports of the International Energy Agency; see its website."
DATA_MARKS = (Mark("emphasis", DATA_REVIEWED.index("International"), DATA_REVIEWED.index("; see")),
              Mark("link", DATA_REVIEWED.index("its website"), len(DATA_REVIEWED) - 1, href="https://www.iea.org/reports"))
NOTE = "注意：数据截至2023年，仍在更新。"
NOTE_REVIEWED = "Note: figures up to 2023, still being updated."
# What OmegaT shows for green-notes.md's last paragraph, and what a translator types there (its tags, swapped round).
INNOVATION = "推动<g0>绿色转型</g0>，关键在于<g1>创新</g1>与开放合作。"
INNOVATION_TYPED = "<g1>Innovation</g1> and open cooperation are the key to the <g0>green transition</g0>."


def run_omegat(folder: Path, tmp_path: Path) -> dict[str, list[tuple[str, ...]]]:
    """console-translate on ``folder``; what the script printed, by kind (SOURCE, GLOSSARY)."""
    script = tmp_path / "show.groovy"
    script.write_text(SCRIPT, encoding="utf-8")
    config = tmp_path / "omegat-config"
    config.mkdir(exist_ok=True)
    done = subprocess.run(
        [OMEGAT, "--mode=console-translate", f"--config-dir={config}", "--disable-project-locking",
         f"--script={script}", str(folder)],
        capture_output=True, text=True, timeout=180)
    errors = "\n".join(line for line in (done.stdout + done.stderr).splitlines() if "Error" in line or "Exception" in line)
    assert done.returncode == 0 and "Finished" in done.stdout and not errors, errors[:3000] or done.stdout[-3000:]
    seen: dict[str, list[tuple[str, ...]]] = {"SOURCE": [], "GLOSSARY": []}
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        if kind in seen:
            seen[kind].append(tuple(rest.split("\t")))
    assert seen["SOURCE"], "the script printed nothing: " + done.stdout[-3000:]
    return seen


def units(path: Path) -> dict[str, tuple[str, str, etree._Element]]:
    """id -> (source text, target text, target element) of a translated XLIFF 1.2."""
    tree = etree.parse(str(path))
    return {u.get("id"): ("".join(u.find("x:source", X1).itertext()), "".join(u.find("x:target", X1).itertext()),
                          u.find("x:target", X1))
            for u in tree.iterfind(".//x:trans-unit", X1)}


def segments(path: Path, language: str = "zh"):
    return list(segment_document(read_document(path, language=language)).segments())


def project_save(folder: Path, pairs: list[tuple[str, str]]) -> None:
    """What OmegaT keeps of a translator's typing (omegat/project_save.tmx), in OmegaT's own TMX."""
    body = "".join(
        f'<tu><tuv lang="zh-CN"><seg>{_esc(s)}</seg></tuv><tuv lang="en-US" changeid="translator">'
        f"<seg>{_esc(t)}</seg></tuv></tu>" for s, t in pairs)
    (folder / "omegat" / "project_save.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="OmegaT" o-tmf="OmegaT TMX" '
        'adminlang="EN-US" datatype="plaintext" segtype="sentence" srclang="zh-CN"/><body>' + body + "</body></tmx>",
        encoding="utf-8")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
def sample(tmp_path) -> Path:
    """The shipped sample (source/ + glossary/) and one more note, reviewed text in the memory."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "source", project / "source")
    shutil.copytree(ROOT / "glossary", project / "glossary")
    (project / "source" / "notes.md").write_text(NOTES, encoding="utf-8")
    diglot("import", "tmx", ROOT / "docs" / "sample.reviewed.tmx", "--project", project)
    (reference,) = [m for s in segments(project / "source" / "notes.md") if s.text == NOTE for m in s.marks
                    if m.kind == "footnote"]
    note_marks = (Mark("emphasis", 0, 4), Mark("footnote", 24, 24, href=reference.href))
    with TranslationMemory.for_project(project) as tm:
        tm.store_review("zh", "en", [ReviewEdit(DATA, DATA_REVIEWED, marks=DATA_MARKS),
                                     ReviewEdit(NOTE, NOTE_REVIEWED, marks=note_marks)])
    return project


def test_omegat_translates_the_sample_from_diglots_files_and_its_target_comes_back_reviewed(sample, tmp_path):
    folder = tmp_path / "omegat-project"
    out = diglot("export", "omegat", "--project", sample, "--out", folder).output
    assert "tm/auto/diglot-reviewed.tmx (25 reviewed units)" in out and "glossary/diglot-zh-en.txt" in out
    project_save(folder, [(INNOVATION, INNOVATION_TYPED)])  # the translator's typing, as OmegaT keeps it

    seen = run_omegat(folder, tmp_path)

    # OmegaT has every unit, each with its source in the source language, never the reviewed English
    with TranslationMemory.for_project(sample) as tm:
        reviewed = {e.source: e.target for e in tm.entries("zh", "en")}
    assert len(reviewed) == 25
    for name in ("sample.txt", "green-notes.md", "notes.md"):
        expected = [s.text.strip() for s in segments(sample / "source" / name) if s.text.strip()]
        shown = [TAG.sub("", src).strip() for file, src in seen["SOURCE"] if file == f"{Path(name).stem}.xlf"]
        assert shown == expected, name
    assert not {src for _, src in seen["SOURCE"]} & set(reviewed.values())
    assert ("green-notes.xlf", INNOVATION) in seen["SOURCE"]

    # the reviewed text is in OmegaT's translated files, codes and all; the rest is a copy of the source
    for name in ("sample", "green-notes", "notes"):
        for unit_id, (source, target, _) in units(folder / "target" / f"{name}.xlf").items():
            if source in reviewed:
                assert target == reviewed[source], unit_id
            elif source != "推动绿色转型，关键在于创新与开放合作。":
                assert target == source, unit_id
    data = next(t for s, _, t in units(folder / "target" / "green-notes.xlf").values() if s == DATA)
    assert [(g.get("ctype"), g.text) for g in data.iterfind("x:g", X1)] == [
        ("italic", "International Energy Agency"), ("link", "its website")]
    assert data.find("x:x", X1).get("ctype") == "x-footnote"  # OmegaT put the trailing code back
    assert ("notes.xlf", "<g0>注意</g0>：数据截至2023年<x1/>，仍在更新。") in seen["SOURCE"]
    note = next(t for s, _, t in units(folder / "target" / "notes.xlf").values() if s == NOTE)
    assert note.find("x:g", X1).text == "Note" and note.find("x:x", X1).tail == ", still being updated."

    # the glossary as OmegaT reads it: the renderings a translator may use, the forbidden ones only named
    glossary = [g for g in seen["GLOSSARY"] if g[0] == "diglot-zh-en.txt"]
    belt = [(loc, comment) for _, src, loc, comment in glossary if src == "一带一路"]
    assert belt == [("Belt and Road", "official short form; not: One Belt, One Road | One Belt One Road | OBOR"),
                    ("Belt and Road Initiative", "variant of Belt and Road")]
    assert ("ESG", "ESG", "environmental, social and governance; keep as is; do not translate") in \
        [g[1:] for g in glossary]
    assert {src for _, src, _, _ in glossary} == {
        line.split(",", 1)[0] for line in (ROOT / "glossary" / "terms.csv").read_text(encoding="utf-8").splitlines()[1:]}
    assert not any("Term-admn-sts" in g[3] for g in glossary)

    # what OmegaT wrote comes back: the typed unit reviewed with its marks, the rest unchanged
    diglot("import", "xliff", folder / "target" / "green-notes.xlf", "--project", sample)
    with TranslationMemory.for_project(sample) as tm:
        typed = tm.lookup("zh", "en", ["推动绿色转型，关键在于创新与开放合作。"])["推动绿色转型，关键在于创新与开放合作。"]
        data_entry = tm.lookup("zh", "en", [DATA])[DATA]
    plain = TAG.sub("", INNOVATION_TYPED)
    assert typed.status == "reviewed" and typed.target == plain
    assert sorted((m.kind, plain[m.start:m.end]) for m in typed.marks) == [
        ("emphasis", "green transition"), ("strong", "Innovation")]
    assert data_entry.target == DATA_REVIEWED and set(DATA_MARKS) <= set(data_entry.marks)
    again = diglot("import", "xliff", folder / "target" / "sample.xlf", "--project", sample).output
    assert "applied: 0" in again and "rejected: 0" in again


@pytest.mark.skipif(not (CORPUS / "kuangren-riji-luxun-utf8-crlf.txt").is_file(), reason="the corpus is absent")
def test_omegat_sees_a_real_book_segment_for_segment_and_takes_its_reviewed_text(tmp_path):
    project = tmp_path / "book"
    (project / "source").mkdir(parents=True)
    shutil.copy(CORPUS / "kuangren-riji-luxun-utf8-crlf.txt", project / "source" / "kuangren.txt")
    book = [s for s in segments(project / "source" / "kuangren.txt") if s.text.strip()]
    chosen = {s.text: f"Reviewed sentence {i}." for i, s in enumerate(book[5:60:11])}
    with TranslationMemory.for_project(project) as tm:
        tm.store_review("zh", "en", [ReviewEdit(source, target) for source, target in chosen.items()])
    folder = tmp_path / "omegat-project"
    diglot("export", "omegat", "--project", project, "--out", folder)

    seen = run_omegat(folder, tmp_path)

    assert [TAG.sub("", src).strip() for _, src in seen["SOURCE"]] == [s.text.strip() for s in book]
    translated = units(folder / "target" / "kuangren.xlf")
    assert len(translated) == len(book)
    for source, target, _ in translated.values():
        assert target == chosen.get(source, source)
    assert sum(target in chosen.values() for _, target, _ in translated.values()) == len(chosen) == 5

"""`diglot build` for a pair without an Argos package of its own (ja→zh), through English.

Real tiny packages ja→en and en→zh (and, for the last test, a direct ja→zh) are
installed from files with `diglot models install FILE FILE`; the build runs
through the command line, and the test reads back what a user would: the
summary, the memory, the term report, the EPUB, the review DOCX and the TMX.
Every call that reaches an Argos model is counted, by package.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.ingest import read_document
from pipeline.memory import TranslationMemory
from pipeline.segment import segment_document
from tests.conftest import closed_port_url

SOURCE = """# 持続可能な開発の報告

## 気候変動への対応

気候変動は私たちの時代の大きな課題です。各国は再生可能エネルギーへの投資を増やしています。

持続可能な開発には国際協力が欠かせません。会議は来年東京で開かれます。

再生可能エネルギーは気候変動を抑える鍵です。
"""

GLOSSARY = """source,target
持続可能な開発,可持续发展
気候変動,气候变化
再生可能エネルギー,可再生能源
"""

XML = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Call:
    """One ArgosEngine.translate call: the package's pair, what it was given, what was asked."""

    pair: str
    sources: tuple[str, ...]
    num_hypotheses: int
    prefixes: tuple[str | None, ...] | None


@dataclass
class Built:
    """The module's one pivot build: the project, what the command said, the model calls it made."""

    project: Path
    stderr: str
    calls: list[Call]


@pytest.fixture(scope="module")
def spy():
    """Every call that reaches an Argos model while this module runs, in order (tests clear it)."""
    from pipeline.engines.argos import ArgosEngine
    from pipeline.engines.base import source_texts

    seen: list[Call] = []
    real = ArgosEngine.translate

    def counting(self, requests, **options):
        prefixes = options.get("target_prefixes")
        seen.append(Call(self.package.pair, tuple(source_texts(requests)), options.get("num_hypotheses", 1),
                         tuple(prefixes) if prefixes is not None else None))
        return real(self, requests, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ArgosEngine, "translate", counting)
        yield seen


def install(*files: Path) -> None:
    result = CliRunner().invoke(main, ["models", "install", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("installed ") == len(files)


def make_project(folder: Path) -> Path:
    (folder / "source").mkdir(parents=True)
    (folder / "glossary").mkdir()
    (folder / "source" / "report.md").write_text(SOURCE, encoding="utf-8")
    (folder / "glossary" / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, tiny_pivot_models, spy) -> Built:
    """ja→en and en→zh installed (no ja→zh, the index unreachable) and the project built once."""
    root = tmp_path_factory.mktemp("pivot-build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(root / "argos-packages"))
        patch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
        install(tiny_pivot_models["ja-en"], tiny_pivot_models["en-zh"])
        project = make_project(root / "project")
        spy.clear()
        result = build(project)
        assert result.exit_code == 0, result.output
        yield Built(project, result.stderr, list(spy))


def build(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--project", str(project), "--from", "ja", "--to", "zh",
                                     "--format", "review,epub,tmx", "--threads", "1", *args])


def summary(project: Path) -> dict:
    result = build(project, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def segments() -> list[str]:
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        path = Path(folder) / "report.md"
        path.write_text(SOURCE, encoding="utf-8")
        return [s.text for s in segment_document(read_document(path, language="ja")).segments()]


def memory(project: Path) -> dict:
    with TranslationMemory(project / ".diglot" / "memory.sqlite") as tm:
        return {e.source: e for e in tm.entries("ja", "zh")}


def test_a_pair_without_a_package_is_built_through_english_in_two_batched_legs(built):
    texts = segments()
    line = next(x for x in built.stderr.splitlines() if re.match(r"\d+ segments: ", x))
    assert line.startswith(f"{len(texts)} segments: 0 from memory, {len(set(texts))} newly translated")
    assert ", via en;" in line  # the summary says how the pair was translated

    # the first leg once, for the whole document, in one batched pass; then the second leg on its English
    calls = built.calls
    first = [c for c in calls if c.pair == "ja→en"]
    second = [c for c in calls if c.pair == "en→zh"]
    assert len(calls) == len(first) + len(second)
    assert len(first) == 1 and sorted(first[0].sources) == sorted(set(texts))
    assert first[0].prefixes is None and first[0].num_hypotheses == 1
    assert len(second[0].sources) == len(set(texts))
    assert not any(re.search(r"[\u3040-\u30ff]", s) for c in second for s in c.sources)  # kana never reach en→zh

    # every segment translated, by a producer that names both models and says via en
    stored = memory(built.project)
    assert set(texts) <= set(stored)
    for text in texts:
        entry = stored[text]
        assert entry.status == "machine" and entry.target.strip()
        assert "translate-ja_en 1.0 → translate-en_zh 1.0" in entry.producer and "via en" in entry.producer


def test_terms_are_enforced_on_the_last_leg(built):
    assert re.search(r"; 7/7 terms satisfied$", built.stderr, re.M)
    report = built.project / "output" / "report.terms.json"
    occurrences = json.loads(report.read_text(encoding="utf-8"))["occurrences"]
    assert len(occurrences) == 7
    for o in occurrences:  # the random model never writes them: each is forced, and really in the target
        assert o["status"] in ("model", "nbest", "forced") and o["found"], o
    stored = memory(built.project)
    for source, target in (("持続可能な開発", "可持续发展"), ("気候変動", "气候变化"), ("再生可能エネルギー", "可再生能源")):
        holding = [e for s, e in stored.items() if source in s]
        assert holding and all(target in e.target for e in holding)
    # n-best and forced prefixes (Chinese terms) went to the last leg only; the first leg ran once
    calls = built.calls
    assert [c.pair for c in calls if c.pair == "ja→en"] == ["ja→en"]
    assert any(c.num_hypotheses > 1 for c in calls if c.pair == "en→zh")
    forced = [p for c in calls if c.prefixes for p in c.prefixes if p]
    assert forced and all(c.pair == "en→zh" for c in calls if c.prefixes)
    assert any("可持续发展" in p for p in forced) and any("可再生能源" in p for p in forced)


def test_outputs_are_tagged_zh(built):
    out = built.project / "output"
    # EPUB: every translation block in Chinese, every source block in Japanese
    with zipfile.ZipFile(out / "report.epub") as epub:
        chapters = [epub.read(n).decode("utf-8") for n in epub.namelist() if re.search(r"section-\d+\.xhtml$", n)]
        opf = next(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".opf"))
    blocks = [p for x in chapters for p in etree.fromstring(x.encode()).iter("{http://www.w3.org/1999/xhtml}p")]
    translations = [p for p in blocks if p.get("class") == "translation"]
    assert len(translations) == 3 and all(p.text for p in translations)
    assert {(p.get("lang"), p.get(XML)) for p in translations} == {("zh-CN", "zh-CN")}
    assert {p.get("lang") for p in blocks if p.get("class") == "source"} == {"ja-JP"}
    assert "via en" in opf and "translate-en_zh" in opf  # what made the book
    # review DOCX: the Target runs carry w:lang zh-CN, the Source runs ja-JP
    with zipfile.ZipFile(out / "report.review.docx") as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    langs = {lang.get(w + "eastAsia") for lang in document.iter(w + "lang")}
    assert {"zh-CN", "ja-JP"} <= langs
    # TMX: each unit a ja-JP source and a zh-CN target, the target the memory's
    tmx = etree.parse(str(out / "report.tmx"))
    assert tmx.find("header").get("srclang") == "ja-JP"
    units = tmx.findall("body/tu")
    assert len(units) == len(set(segments()))
    stored = memory(built.project)
    for tu in units:
        (src, tgt) = tu.findall("tuv")
        assert (src.get(XML), tgt.get(XML)) == ("ja-JP", "zh-CN")
        assert stored[src.findtext("seg")].target == tgt.findtext("seg")


def test_rebuild_from_memory_sends_nothing_to_either_model(built, spy):
    before = memory(built.project)
    spy.clear()
    again = summary(built.project)
    assert spy == []  # neither ja→en nor en→zh was asked anything
    assert again["translated"] == 0 and again["from_memory"] == len(set(segments()))
    assert again["missing"] == [] and again["terms"] == {"satisfied": 7, "total": 7}
    assert memory(built.project) == before


def test_a_direct_model_wins_when_installed(tmp_path, monkeypatch, spy, tiny_pivot_models):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    install(tiny_pivot_models["ja-en"], tiny_pivot_models["en-zh"])
    project = make_project(tmp_path / "project")
    summary(project)
    via = memory(project)
    install(tiny_pivot_models["ja-zh"])
    spy.clear()
    result = build(project)
    assert result.exit_code == 0, result.output
    assert {c.pair for c in spy} == {"ja→zh"}  # the two legs are not used any more
    line = next(x for x in result.stderr.splitlines() if re.match(r"\d+ segments: ", x))
    assert "via en" not in line
    direct = memory(project)
    for source, entry in direct.items():  # another producer: everything translated again, by the direct model
        assert "model:translate-ja_zh@1.0|" in entry.producer and "via" not in entry.producer
        assert via[source].producer != entry.producer


def test_the_first_leg_takes_the_whole_document_in_one_pass_when_the_second_goes_batch_by_batch(
        tmp_path, monkeypatch, spy, tiny_pivot_models):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    install(tiny_pivot_models["ja-en"], tiny_pivot_models["en-zh"])
    project = make_project(tmp_path / "project")
    (project / "diglot.toml").write_text("[engine]\nbatch_segments = 2\n", encoding="utf-8")  # memory written every 2
    spy.clear()
    result = build(project)
    assert result.exit_code == 0, result.output
    texts = set(segments())
    first = [c for c in spy if c.pair == "ja→en"]
    assert len(first) == 1 and sorted(first[0].sources) == sorted(texts)  # one pass, before any second leg
    assert spy[0].pair == "ja→en"
    # then the second leg a batch at a time (each stored at once), forced prefixes only where terms are missing
    assert [len(c.sources) for c in spy if c.pair == "en→zh" and c.prefixes is None] == [2, 2, 2, 1]
    assert set(memory(project)) >= texts

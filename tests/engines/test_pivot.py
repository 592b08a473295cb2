"""A pair without an Argos package of its own, through English, on real tiny packages (ja→en, en→zh)."""

from __future__ import annotations

import pytest

from pipeline.engines import open_engine
from pipeline.engines.argos import ArgosEngine
from pipeline.engines.pivot import PivotEngine, compose
from pipeline.engines.store import route
from pipeline.errors import ModelNotInstalled
from tests.conftest import closed_port_url
from tests.support.tinymodel import build_argos_package

SOURCES = [
    "気候変動は私たちの時代の大きな課題です。",
    "会議は来年東京で開かれます。",
    "持続可能な開発には国際協力が欠かせません。",
]


@pytest.fixture
def packages(tmp_path, monkeypatch):
    """An empty packages folder; ``install(*files)`` installs into it."""
    from pipeline.engines.packages import install_from_file

    folder = tmp_path / "argos-packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    return lambda *files: [install_from_file(f) for f in files]


@pytest.fixture
def legs(packages, tiny_pivot_models):
    packages(tiny_pivot_models["ja-en"], tiny_pivot_models["en-zh"])


def spied(engine: ArgosEngine) -> list[list[tuple[str, ...]]]:
    """What reaches the engine's CTranslate2 model: one list of examples per translate_batch call."""
    batches: list[list[tuple[str, ...]]] = []
    real = engine.translator

    class Spy:
        def translate_batch(self, tokens, **options):
            batches.append([tuple(t) for t in tokens])
            return real.translate_batch(tokens, **options)

    engine.translator = Spy()
    return batches


def test_route_takes_the_pairs_own_package_else_the_two_legs(packages, tiny_pivot_models):
    with pytest.raises(ModelNotInstalled) as none:
        route("ja", "zh")
    assert "nor ja→en and en→zh to translate through English" in str(none.value)
    assert "diglot models install ja zh" in str(none.value)
    packages(tiny_pivot_models["ja-en"])
    with pytest.raises(ModelNotInstalled) as half:
        route("ja", "zh")
    assert "nor en→zh to translate through English (with ja→en)" in str(half.value)
    packages(tiny_pivot_models["en-zh"])
    assert [p.pair for p in route("ja", "zh")] == ["ja→en", "en→zh"]
    with pytest.raises(ModelNotInstalled) as through_en:  # no way round for a pair with English in it
        route("zh", "en")
    assert "through English" not in str(through_en.value) and "diglot models install zh en" in str(through_en.value)
    packages(tiny_pivot_models["ja-zh"])
    assert [p.pair for p in route("ja", "zh")] == ["ja→zh"]  # a direct package wins


def test_pivot_is_the_second_leg_on_the_first_legs_english(legs):
    engine = open_engine("argos", "ja", "zh", device="cpu", threads=1)
    assert isinstance(engine, PivotEngine)
    assert (engine.source_language, engine.target_language) == ("ja", "zh")
    assert engine.description.endswith(", via en")
    first = open_engine("argos", "ja", "en", device="cpu", threads=1)
    second = open_engine("argos", "en", "zh", device="cpu", threads=1)
    english = [hyps[0].text for hyps in first.translate(SOURCES)]
    expected = [hyps[0].text for hyps in second.translate(english)]
    assert [hyps[0].text for hyps in engine.translate(SOURCES)] == expected
    assert all(expected)


def test_first_leg_decodes_each_source_once_in_one_batched_pass(legs, monkeypatch):
    engine = open_engine("argos", "ja", "zh", device="cpu", threads=1)
    calls = {"ja→en": 0, "en→zh": 0}
    real = ArgosEngine.translate

    def counting(self, requests, **options):
        calls[self.package.pair] += 1
        return real(self, requests, **options)

    monkeypatch.setattr(ArgosEngine, "translate", counting)
    first, second = spied(engine.first), spied(engine.second)
    plain = engine.translate(SOURCES + SOURCES[:1])
    assert calls == {"ja→en": 1, "en→zh": 1}  # one batched pass per leg, not one per segment
    assert sum(len(batch) for batch in first) == len(SOURCES)  # a repeated source decoded once
    # the glossary finisher's n-best and forced re-decodes reach the second leg only
    nbest = engine.translate(SOURCES, num_hypotheses=4)
    forced = engine.translate(SOURCES[:2], target_prefixes=["可持续发展", None])
    assert calls == {"ja→en": 1, "en→zh": 3} and sum(len(batch) for batch in first) == len(SOURCES)
    assert sum(len(batch) for batch in second) >= len(SOURCES) * 2 + 2
    assert [len(h) for h in nbest] == [4, 4, 4] and nbest[0][0].text == plain[0][0].text
    assert forced[0][0].text.startswith("可持续发展")
    assert forced[1][0].text == plain[1][0].text
    assert plain[3][0].text == plain[0][0].text


def test_alignment_runs_from_the_source_to_the_target_through_the_english(legs):
    engine = open_engine("argos", "ja", "zh", device="cpu", threads=1)
    # (the tiny tokenizer knows Chinese and English pieces, not kana: a source it tokenizes into words)
    source = "2024年9月、東京で国際会議。"
    (hyps,) = engine.translate([source], alignment=True)
    links = hyps[0].alignment
    assert links and hyps[0].text == engine.translate([source])[0][0].text
    for s0, s1, t0, t1 in links:
        assert 0 <= s0 < s1 <= len(source) and 0 <= t0 < t1 <= len(hyps[0].text)
    # composing: each target span takes the source span of the English token it overlaps most
    source_to_english = ((0, 2, 0, 5), (2, 4, 6, 12))
    english_to_target = ((4, 10, 0, 1), (0, 3, 1, 2), (20, 22, 2, 3))
    assert compose(source_to_english, english_to_target) == ((2, 4, 0, 1), (0, 2, 1, 2))


def test_provenance_names_both_models_says_via_en_and_follows_either(legs, packages, tmp_path):
    one = open_engine("argos", "ja", "zh", device="cpu", threads=1).provenance()
    assert one.engine == "argos"
    assert (one.model, one.model_version) == ("translate-ja_en 1.0 → translate-en_zh 1.0", "via en")
    signature = one.signature()
    assert "translate-ja_en 1.0" in signature and "translate-en_zh 1.0" in signature and "via en" in signature
    packages(build_argos_package(tmp_path / "newer", "en", "zh", seed=2, package_version="1.1"))
    two = open_engine("argos", "ja", "zh", device="cpu", threads=1).provenance()
    assert "translate-en_zh 1.1" in two.model and two.signature() != signature

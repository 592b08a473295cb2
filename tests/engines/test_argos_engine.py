"""The Argos engine on a real (tiny) CTranslate2 model installed in a temp packages folder."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.engines import ENGINES, open_engine
from pipeline.engines.argos import ArgosEngine
from pipeline.errors import ConfigError, EngineError, ModelNotInstalled
from pipeline.model import Hypothesis

SOURCES = [
    "我们要在发展经济的同时保护环境。",
    "这座大桥把岛屿和大陆连接起来。",
    "你好。",
    "2024年9月，代表团访问了三个城市，会见了四十多名学生。",
]


class CountingEngine(ArgosEngine):
    """The real engine, counting what reaches CTranslate2."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.batches: list[list[tuple[str, ...]]] = []
        real = self.translator

        class Spy:
            def translate_batch(spy, tokens, **options):
                self.batches.append([tuple(t) for t in tokens])
                return real.translate_batch(tokens, **options)

        self.translator = Spy()


@pytest.fixture
def engine(argos_packages_dir):
    return open_engine("argos", "zh", "en", device="cpu", threads=1)


def test_registry_and_unknown_engine(argos_packages_dir):
    assert {"argos", "none"} <= set(ENGINES)
    with pytest.raises(ConfigError, match="unknown translation engine 'deepl'"):
        open_engine("deepl", "zh", "en")


def test_no_model_for_pair_names_pair_and_command(argos_packages_dir):
    with pytest.raises(ModelNotInstalled) as caught:
        open_engine("argos", "en", "fr")
    assert "en→fr" in str(caught.value) and "diglot models install en fr" in str(caught.value)


def test_one_output_per_input_in_order_and_deterministic(engine):
    first = engine.translate(SOURCES)
    assert len(first) == len(SOURCES)
    assert all(len(h) == 1 and isinstance(h[0], Hypothesis) and h[0].text for h in first)
    # order: translating one source alone gives the same text as in the batch
    for i, source in enumerate(SOURCES):
        assert engine.translate([source])[0][0].text == first[i][0].text
    # reversed input gives reversed output
    assert [h[0].text for h in engine.translate(SOURCES[::-1])] == [h[0].text for h in first][::-1]
    again = open_engine("argos", "zh", "en", device="cpu", threads=1).translate(SOURCES)
    assert [h[0].text for h in again] == [h[0].text for h in first]


def test_output_is_printable_text(engine):
    for (hyp,) in engine.translate(SOURCES):
        assert all(ch.isprintable() or ch == " " for ch in hyp.text)


def test_duplicates_decoded_once(argos_packages_dir):
    from pipeline.engines.packages import find_package

    engine = CountingEngine(find_package("zh", "en"), device="cpu", threads=1)
    done = []
    sources = SOURCES + SOURCES[:2] + SOURCES[:1]
    results = engine.translate(sources, progress=done.append)
    decoded = [example for batch in engine.batches for example in batch]
    assert len(decoded) == len(set(SOURCES))
    assert results[4][0].text == results[0][0].text == results[6][0].text
    assert sum(done) == len(sources)


def test_batches_sorted_by_length(argos_packages_dir):
    from pipeline.engines.packages import find_package

    engine = CountingEngine(find_package("zh", "en"), device="cpu", threads=1)
    engine.translate(SOURCES)
    lengths = [len(example) for batch in engine.batches for example in batch]
    assert lengths == sorted(lengths)


def test_empty_source_gives_empty_target(engine):
    results = engine.translate(["", "  ", SOURCES[0]])
    assert results[0][0].text == "" and results[1][0].text == ""
    assert results[2][0].text


def test_overlong_segment_split_at_clauses_and_joined(argos_packages_dir):
    from pipeline.engines.packages import find_package

    engine = CountingEngine(find_package("zh", "en"), device="cpu", threads=1, max_input_tokens=24)
    clauses = ["这座大桥把岛屿和大陆连接起来", "孩子们唱了一首春天学会的歌", "志愿者清理了海滩", "市长承诺建设更多公园"]
    long_source = "，".join(clauses) + "。"
    assert len(engine._tokenizer.encode(long_source)) > 24
    (hyps,) = engine.translate([long_source])
    pieces = [example for batch in engine.batches for example in batch]
    assert len(pieces) >= 2 and all(len(p) <= 24 for p in pieces)
    # every source character was sent to the model, none dropped (SentencePiece applies NFKC)
    sent = "".join(engine._tokenizer.processor.decode_pieces(list(p)) for p in pieces)
    assert sorted(sent.replace(" ", "")) == sorted(unicodedata.normalize("NFKC", long_source))
    parts = engine.translate([c + "，" for c in clauses])
    assert hyps[0].text  # one joined translation
    assert len(hyps[0].text) >= max(len(p[0].text) for p in parts) // 2


def test_clause_without_punctuation_split_at_token_limit(argos_packages_dir):
    from pipeline.engines.packages import find_package

    engine = CountingEngine(find_package("zh", "en"), device="cpu", threads=1, max_input_tokens=10)
    source = "这座大桥把岛屿和大陆连接起来孩子们唱了一首春天学会的歌志愿者清理了海滩"
    (hyps,) = engine.translate([source])
    pieces = [example for batch in engine.batches for example in batch]
    assert sum(len(p) for p in pieces) == len(engine._tokenizer.encode(source))
    assert all(len(p) <= 10 for p in pieces) and hyps[0].text


def test_nbest_returns_k_distinct_hypotheses_with_scores(engine):
    results = engine.translate(SOURCES[:2], num_hypotheses=4)
    for hyps in results:
        assert len(hyps) == 4
        assert len({h.text for h in hyps}) == 4
        scores = [h.score for h in hyps]
        assert scores == sorted(scores, reverse=True)
        assert all(s < 0 for s in scores)
    assert results[0][0].text == engine.translate(SOURCES[:1])[0][0].text


def test_target_prefix_forces_the_start(engine):
    results = engine.translate(SOURCES[:2], target_prefixes=["The bridge", None], num_hypotheses=2)
    assert all(h.text.startswith("The bridge") for h in results[0])
    assert results[1][0].text == engine.translate(SOURCES[1:2])[0][0].text


def test_metadata_target_prefix_is_honoured_and_removed(tmp_path, monkeypatch):
    from pipeline.engines.packages import install_from_file
    from tests.support.tinymodel import build_argos_package

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    install_from_file(build_argos_package(tmp_path, target_prefix="▁work"))
    engine = CountingEngine.open("zh", "en", device="cpu", threads=1)
    assert engine.package.target_prefix == "▁work"
    (hyps,) = engine.translate([SOURCES[0]])
    assert not hyps[0].text.startswith("work")


def test_provenance_names_model_and_settings(engine):
    prov = engine.provenance()
    assert prov.engine == "argos" and prov.model == "translate-zh_en" and prov.model_version == "1.0"
    assert "beam=4" in prov.settings and "compute=int8" in prov.settings
    narrow = open_engine("argos", "zh", "en", device="cpu", beam_size=2, num_hypotheses_hint=6)
    assert "beam=2" in narrow.provenance().settings  # the beam the user set is the one recorded
    assert narrow.provenance().signature() != prov.signature()


def test_the_beam_set_is_the_beam_that_runs_and_n_best_widens_only_its_own_decode(argos_packages_dir):
    engine = open_engine("argos", "zh", "en", device="cpu", threads=1, beam_size=1, num_hypotheses_hint=4)
    beams = []
    real = engine.translator.translate_batch

    def spy(*args, **kwargs):
        beams.append((kwargs["beam_size"], kwargs["num_hypotheses"]))
        return real(*args, **kwargs)

    engine.translator = type("Spy", (), {"translate_batch": staticmethod(spy)})()
    (best,) = engine.translate([SOURCES[0]])
    (nbest,) = engine.translate([SOURCES[0]], num_hypotheses=4)
    assert beams == [(1, 1), (4, 4)] and len(best) == 1 and len(nbest) == 4
    assert "beam=1;" in engine.provenance().settings


def test_threads_beyond_the_cores_are_capped_with_a_note(argos_packages_dir):
    import os

    engine = open_engine("argos", "zh", "en", device="cpu", threads=100_000)
    assert engine.threads == os.cpu_count()
    assert engine.notes == [f"threads = 100000 is more than the {os.cpu_count()} cores here; decoding with {os.cpu_count()}"]


def test_cuda_without_a_gpu_is_one_line_and_auto_takes_the_cpu(argos_packages_dir):
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    with pytest.raises(EngineError) as caught:
        open_engine("argos", "zh", "en", device="cuda")
    assert str(caught.value).startswith("--device cuda: CTranslate2 finds no usable GPU here")
    assert "\n" not in str(caught.value)
    assert open_engine("argos", "zh", "en", device="auto").device == "cpu"


def test_defaults_pick_cpu_int8_and_all_cores(argos_packages_dir):
    import os

    engine = open_engine("argos", "zh", "en")
    assert engine.device == "cpu"  # no GPU on the test machine
    assert engine.compute_type == "int8"
    assert engine.threads == os.cpu_count()


def test_bad_settings_are_one_line_errors(argos_packages_dir):
    with pytest.raises(ConfigError, match="unknown device"):
        open_engine("argos", "zh", "en", device="tpu")
    with pytest.raises(ConfigError, match="beam size"):
        open_engine("argos", "zh", "en", beam_size=0)


def test_none_engine_leaves_targets_empty():
    engine = open_engine("none", "zh", "en")
    assert engine.translate(SOURCES, num_hypotheses=3) == [[Hypothesis("", 0.0)]] * len(SOURCES)
    assert engine.provenance().engine == "none"


def test_damaged_installed_tokenizer_is_one_engine_error(argos_packages_dir):
    from pipeline.engines.packages import find_package

    tokenizer = find_package("zh", "en").tokenizer
    assert tokenizer.name == "sentencepiece.model"
    data = tokenizer.read_bytes()
    tokenizer.write_bytes(data[: len(data) // 2])  # cut off, as by a full disk or an interrupted copy
    with pytest.raises(EngineError) as caught:
        open_engine("argos", "zh", "en", device="cpu", threads=1)
    message = str(caught.value)
    assert message.startswith(f"{tokenizer}: the package's tokenizer is damaged (")
    assert "reinstall it with `diglot models install zh en`" in message
    assert "\n" not in message


def test_auto_falls_back_to_the_cpu_with_a_note_when_a_gpu_is_seen_but_cannot_be_used(argos_packages_dir, monkeypatch):
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a usable GPU")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)  # a GPU the CPU-only build cannot use
    engine = open_engine("argos", "zh", "en", device="auto", threads=1)
    assert engine.device == "cpu" and engine.translate([SOURCES[0]])[0][0].text
    (note,) = engine.notes
    assert note.startswith("the GPU cannot be used (") and note.endswith("); translating on the CPU")
    assert "\n" not in note
    with pytest.raises(EngineError) as caught:  # asked for by name: one line, not a fallback
        open_engine("argos", "zh", "en", device="cuda", threads=1)
    assert "cannot load the CTranslate2 model on cuda (" in str(caught.value) and "\n" not in str(caught.value)

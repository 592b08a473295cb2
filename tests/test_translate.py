"""translate_missing: the engine and the memory together, on the tiny real model and real SQLite."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.engines import open_engine, source_texts
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit, TranslationRequest
from pipeline.translate import translate_missing

ROOT = Path(__file__).resolve().parents[1]
LINES = [line for line in (ROOT / "tests" / "data" / "corpus_zh.txt").read_text(encoding="utf-8").splitlines() if line]


def requests_for(sources, digests=None):
    digests = digests or {}
    return [TranslationRequest(s, term_digest=digests.get(s, "")) for s in sources]


class Counting:
    """Wraps a real engine and records every source it is asked to translate."""

    def __init__(self, engine):
        self.engine = engine
        self.name = engine.name
        self.capabilities = engine.capabilities
        self.source_language = engine.source_language
        self.target_language = engine.target_language
        self.asked: list[str] = []

    def provenance(self):
        return self.engine.provenance()

    def translate(self, requests, **options):
        self.asked.extend(source_texts(requests))
        return self.engine.translate(requests, **options)

    def ahead(self, batches, **options):
        self.engine.ahead(batches, **options)


@pytest.fixture
def engine(argos_packages_dir):
    return Counting(open_engine("argos", "zh", "en", device="cpu", threads=1))


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory.for_project(tmp_path / "project") as tm:
        yield tm


def test_translates_everything_then_reuses_it(engine, memory):
    sources = LINES[:10]
    done = []
    first = translate_missing(engine, memory, requests_for(sources + sources[:3]), batch_segments=4, progress=done.append)
    assert (first.from_memory, first.translated) == (0, 10)
    assert sorted(engine.asked) == sorted(sources)  # duplicates decoded once
    assert set(first.targets) == set(sources) and all(first.targets.values())
    assert all(first.statuses[s] == "machine" for s in sources)
    assert sum(done) == 13
    assert memory.count("zh", "en") == 10

    engine.asked.clear()
    second = translate_missing(engine, memory, requests_for(sources), batch_segments=4)
    assert (second.from_memory, second.translated) == (10, 0)
    assert engine.asked == []
    assert second.targets == {s: first.targets[s] for s in sources}


def test_targets_match_the_engine_alone(engine, memory):
    sources = LINES[10:16]
    run = translate_missing(engine, memory, requests_for(sources), batch_segments=2)
    direct = engine.engine.translate(sources)
    assert [run.targets[s] for s in sources] == [h[0].text for h in direct]


def test_new_model_settings_retranslate_machine_text_but_keep_reviews(argos_packages_dir, memory):
    sources = LINES[:6]
    beam4 = Counting(open_engine("argos", "zh", "en", device="cpu", beam_size=4))
    translate_missing(beam4, memory, requests_for(sources))
    memory.store_review("zh", "en", [ReviewEdit(sources[0], "Reviewed text.")])

    beam2 = Counting(open_engine("argos", "zh", "en", device="cpu", beam_size=2))
    run = translate_missing(beam2, memory, requests_for(sources))
    assert sorted(beam2.asked) == sorted(sources[1:])
    assert run.targets[sources[0]] == "Reviewed text." and run.statuses[sources[0]] == "reviewed"
    assert run.from_memory == 1 and run.translated == 5
    producers = {e.source: e.producer for e in memory.entries("zh", "en", statuses=["machine"])}
    assert set(producers.values()) == {beam2.provenance().signature()}


def test_changed_term_invalidates_only_the_segments_it_matches(engine, memory):
    sources = LINES[:8]
    translate_missing(engine, memory, requests_for(sources, {sources[2]: "t-old", sources[5]: "t-old"}))
    engine.asked.clear()
    run = translate_missing(engine, memory, requests_for(sources, {sources[2]: "t-new", sources[5]: "t-old"}))
    assert engine.asked == [sources[2]]
    assert (run.from_memory, run.translated) == (7, 1)
    assert memory.lookup("zh", "en", [sources[2]])[sources[2]].term_digest == "t-new"


def test_finisher_picks_the_target_and_its_details_are_kept(engine, memory):
    calls = []

    def finish(batch, hypotheses):
        calls.append((len(batch), len(hypotheses[0])))
        return [(hyps[-1].text.upper(), json.dumps({"picked": len(hyps) - 1})) for hyps in hypotheses]

    sources = LINES[:5]
    run = translate_missing(engine, memory, requests_for(sources), num_hypotheses=3, finish=finish, batch_segments=2)
    assert calls == [(2, 3), (2, 3), (1, 3)]
    for source in sources:
        entry = memory.lookup("zh", "en", [source])[source]
        assert entry.target == run.targets[source] == run.targets[source].upper()
        assert json.loads(entry.details) == {"picked": 2} == json.loads(run.details[source])
    again = translate_missing(engine, memory, requests_for(sources), finish=finish)
    assert again.details == run.details and again.translated == 0


def test_none_engine_stores_nothing(memory):
    engine = open_engine("none", "zh", "en")
    memory.store_review("zh", "en", [ReviewEdit(LINES[0], "Kept.")])
    run = translate_missing(engine, memory, requests_for(LINES[:4]))
    assert run.targets == {LINES[0]: "Kept.", **{s: "" for s in LINES[1:4]}}
    assert [run.statuses[s] for s in LINES[:4]] == ["reviewed", "untranslated", "untranslated", "untranslated"]
    assert memory.count("zh", "en") == 1 and run.translated == 0


_KILLED_RUN = textwrap.dedent(
    """
    import sys, time
    from pipeline.engines import open_engine
    from pipeline.memory import TranslationMemory
    from pipeline.model import TranslationRequest
    from pipeline.translate import translate_missing

    sources = [line for line in open(sys.argv[2], encoding="utf-8").read().splitlines() if line]
    engine = open_engine("argos", "zh", "en", device="cpu", threads=1)

    def slow_finish(batch, hypotheses):  # a slower machine: time to kill us mid-run
        time.sleep(0.05)
        return [(h[0].text, "") for h in hypotheses]

    with TranslationMemory.for_project(sys.argv[1]) as memory:
        translate_missing(engine, memory, [TranslationRequest(s) for s in sources], finish=slow_finish, batch_segments=8)
    print("finished")
    """
)


@pytest.mark.slow
def test_resume_after_kill_9(engine, tmp_path, argos_packages_dir):
    sources = sorted({f"{i}. {line}" for i in range(5) for line in LINES})
    assert len(sources) >= 300
    (tmp_path / "sources.txt").write_text("\n".join(sources), encoding="utf-8")
    (tmp_path / "run.py").write_text(_KILLED_RUN, encoding="utf-8")
    project = tmp_path / "project"
    env = dict(os.environ, PYTHONPATH=str(ROOT), ARGOS_PACKAGES_DIR=str(argos_packages_dir))
    child = subprocess.Popen(
        [sys.executable, str(tmp_path / "run.py"), str(project), str(tmp_path / "sources.txt")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    db_path = project / ".diglot" / "memory.sqlite"
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=1) as db:
                    stored = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 40:
                break
        time.sleep(0.02)
    assert child.poll() is None, f"the run ended before it could be killed: {child.communicate()}"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    with TranslationMemory.for_project(project) as memory:
        survived = {e.source: e.target for e in memory.entries("zh", "en")}
        assert stored <= len(survived) < len(sources)
        assert len(survived) % 8 == 0  # whole batches only, never half of one
        run = translate_missing(engine, memory, requests_for(sources), batch_segments=64)
        assert run.from_memory == len(survived)
        assert sorted(engine.asked) == sorted(set(sources) - set(survived))
        # the killed run's rows are intact and are what an uninterrupted run gives
        sample = sorted(survived)[:: max(1, len(survived) // 12)]
        assert [h[0].text for h in engine.engine.translate(sample)] == [survived[s] for s in sample]
        assert memory.count("zh", "en") == len(sources)

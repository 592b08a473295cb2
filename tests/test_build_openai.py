"""`diglot build --engine openai` end to end, against a chat server on 127.0.0.1.

A small project (a Markdown source, a glossary, diglot.toml naming the
server) is built through the command line; what a user relies on is read
back: the outputs, the summary, the memory, and what the server was sent.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from tests.support.chatserver import ChatServer, Reply, completion, translated
from tests.test_build import run as build
from tests.test_build import summary

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-live-7c1e0d-do-not-store"
SOURCE = """# 文集

## 第一章

我们要发展。我们要改革。

一带一路很重要。

## 第二章

没有术语的句子。最后一句。
"""
SEGMENTS = ["文集", "第一章", "我们要发展。", "我们要改革。", "一带一路很重要。", "第二章", "没有术语的句子。", "最后一句。"]


@pytest.fixture
def server():
    with ChatServer() as running:
        yield running


def make_project(folder: Path, url: str, **engine) -> Path:
    (folder / "source").mkdir(parents=True)
    (folder / "source" / "book.md").write_text(SOURCE, encoding="utf-8")
    (folder / "glossary").mkdir()
    (folder / "glossary" / "terms.csv").write_text("source,target\n一带一路,Belt and Road\n改革,reform\n", encoding="utf-8")
    table = {"name": "openai", "base_url": url, "model": "test-model", "api_key_env": "DIGLOT_TEST_KEY",
             "requests_in_flight": 1, "retry_delay": 0.01, **engine}
    lines = ['formats = ["review"]', "[engine]"] + [f"{k} = {json.dumps(v)}" for k, v in table.items()]
    (folder / "diglot.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path, server, monkeypatch):
    monkeypatch.setenv("DIGLOT_TEST_KEY", KEY)
    return make_project(tmp_path / "project", server.url, segments_per_request=4)


def memory_rows(project: Path) -> dict[str, str]:
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        return dict(db.execute("SELECT source, target FROM entries WHERE status = 'machine'"))


def test_builds_with_the_glossary_reuses_the_memory_and_never_stores_the_key(project, server):
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "8 segments: 0 from memory, 8 newly translated" in result.stderr
    assert "input + " in result.stderr and "output tokens in 2 request(s)" in result.stderr
    assert memory_rows(project) == {s: f"EN({s})" + (" reform" if "改革" in s else " Belt and Road" if "一带一路" in s else "")
                                    for s in SEGMENTS}
    assert all(seen.headers["Authorization"] == f"Bearer {KEY}" for seen in server.seen)
    terms = json.loads((project / "output" / "book.terms.json").read_text(encoding="utf-8"))
    assert sorted(row["status"] for row in terms["occurrences"]) == ["model", "model"]

    asked = len(server.seen)
    again = summary(project)
    assert (again["translated"], again["from_memory"]) == (0, 8) and len(server.seen) == asked
    assert again["usage"]["requests"] == 0

    # the key is in no output, no memory, no message
    stored = [project / ".diglot" / "memory.sqlite", *(project / ".diglot").glob("memory.sqlite-*")]
    for path in stored + [p for p in (project / "output").iterdir()]:
        data = path.read_bytes()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        assert KEY.encode() not in data, path
    assert KEY not in result.output


def test_usage_and_cost_are_in_the_summary(project, server):
    with (project / "diglot.toml").open("a", encoding="utf-8") as toml:
        toml.write("price_input_per_million = 2.0\nprice_output_per_million = 10.0\ncurrency = \"EUR\"\n")
    got = summary(project)
    # the test server reports 100 prompt and 20 completion tokens per request
    assert got["usage"] == {"requests": 2, "prompt_tokens": 200, "completion_tokens": 40,
                            "cost": round((200 * 2.0 + 40 * 10.0) / 1e6, 6), "currency": "EUR", "estimated": False,
                            "characters": sum(seen.characters for seen in server.seen)}
    # consecutive segments in document order, whole paragraphs, four to a request
    assert [seen.texts for seen in server.seen] == [SEGMENTS[:4], SEGMENTS[4:]]


def test_terms_the_model_leaves_out_are_asked_for_again_and_reported(project, server):
    def answer(srv, body):  # ignores the glossary until a term is named as missing
        message = json.loads(body["messages"][-1]["content"])
        missing = message.get("missing_terms", {})
        items = {k: translated(t, {s: message["terms"][s] for s in missing.get(k, [])}) for k, t in message["segments"].items()}
        return Reply(200, completion(json.dumps(items)))

    server.answer = answer
    got = summary(project)
    assert got["terms"] == {"satisfied": 2, "total": 2}
    terms = json.loads((project / "output" / "book.terms.json").read_text(encoding="utf-8"))
    assert sorted(row["status"] for row in terms["occurrences"]) == ["repaired", "repaired"]
    named = [seen.message["segments"][k] for seen in server.seen for k in seen.message.get("missing_terms", {})]
    assert sorted(named) == ["一带一路很重要。", "我们要改革。"]
    # read back from the memory, the statuses stay
    summary(project)
    terms = json.loads((project / "output" / "book.terms.json").read_text(encoding="utf-8"))
    assert sorted(row["status"] for row in terms["occurrences"]) == ["repaired", "repaired"]


def test_a_segment_the_model_never_answers_is_missing_not_filled(project, server):
    def answer(srv, body):
        message = json.loads(body["messages"][-1]["content"])
        items = {k: translated(t, message.get("terms", {})) for k, t in message["segments"].items() if t != "最后一句。"}
        return Reply(200, completion(json.dumps(items)))

    server.answer = answer
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "1 segment(s) missing" in result.stderr and "p4e44a37c.2" in result.stderr
    assert "最后一句。" not in memory_rows(project)
    got = summary(project)
    assert got["missing"] == ["p4e44a37c.2"] and got["translated"] == 0

    server.answer = None  # the model answers now: only that segment is asked again
    before = len(server.seen)
    got = summary(project)
    assert (got["translated"], got["from_memory"], got["missing"]) == (1, 7, [])
    assert [s.texts for s in server.seen[before:]] == [["最后一句。"]]


def test_changing_the_prompt_translates_again_and_nothing_else_does(tmp_path, server, monkeypatch):
    monkeypatch.setenv("DIGLOT_TEST_KEY", KEY)
    project = make_project(tmp_path / "p", server.url, system_prompt_file="prompt.txt")
    (project / "prompt.txt").write_text("Translate {source} into {target}. Answer JSON.", encoding="utf-8")
    assert summary(project)["translated"] == 8
    assert server.seen[0].body["messages"][0]["content"] == "Translate Chinese (zh) into English (en). Answer JSON."
    assert summary(project)["translated"] == 0
    (project / "prompt.txt").write_text("Translate {source} into {target}, formally. Answer JSON.", encoding="utf-8")
    assert summary(project)["translated"] == 8
    # so does another model on the same server
    text = (project / "diglot.toml").read_text(encoding="utf-8")
    (project / "diglot.toml").write_text(text.replace('model = "test-model"', 'model = "other-model"'), encoding="utf-8")
    assert summary(project)["translated"] == 8
    # a setting outside the signature (batching) changes nothing
    with (project / "diglot.toml").open("a", encoding="utf-8") as toml:
        toml.write("segments_per_request = 1\n")
    asked = len(server.seen)
    assert summary(project)["translated"] == 0 and len(server.seen) == asked


def test_estimate_sends_nothing_and_writes_nothing(project, server):
    with (project / "diglot.toml").open("a", encoding="utf-8") as toml:
        toml.write("price_input_per_million = 1.0\nprice_output_per_million = 4.0\n")
    result = build(project, "--estimate", "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert (got["segments"], got["to_translate"], got["from_memory"]) == (8, 8, 0)
    usage = got["usage"]
    assert usage["requests"] == 2 and usage["estimated"] is True
    assert usage["prompt_tokens"] > 8 * 3 and usage["completion_tokens"] > 0
    assert usage["cost"] == round((usage["prompt_tokens"] * 1.0 + usage["completion_tokens"] * 4.0) / 1e6, 6)
    assert server.seen == [] and not (project / ".diglot").exists() and not (project / "output").exists()

    text = build(project, "--estimate")
    assert text.exit_code == 0 and "8 segments: 0 from memory, 8 to translate; about " in text.stdout
    assert "USD" in text.stdout

    summary(project)
    got = json.loads(build(project, "--estimate", "--json").stdout)
    assert (got["to_translate"], got["from_memory"], got["usage"]["requests"]) == (0, 8, 0)


def test_wrong_key_and_unreachable_server_are_one_line_errors(project, server, tmp_path, monkeypatch):
    server.answer = lambda srv, body: Reply(401, {"error": {"message": f"Incorrect API key provided: {KEY[:10]}..."}})
    result = build(project)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "refused the API key" in result.stderr and "DIGLOT_TEST_KEY" in result.stderr
    assert KEY not in result.stderr and "Traceback" not in result.output

    from tests.conftest import closed_port_url

    other = make_project(tmp_path / "unreachable", closed_port_url().rstrip("/") + "/v1")
    result = build(other)
    assert result.exit_code == 1 and "cannot reach the chat server" in result.stderr


def test_a_build_killed_mid_way_resumes_where_it_stopped(tmp_path, server):
    project = make_project(tmp_path / "p", server.url, segments_per_request=1)
    release = threading.Event()

    def answer(srv, body):
        if len(srv.seen) >= 4:  # the fourth request hangs: three batches are answered
            release.wait(20)
        return None

    server.answer = answer
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIGLOT_TEST_KEY": KEY}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--project", str(project), "-q"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(server.seen) < 4 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(server.seen) == 4, "the build did not get to its fourth request"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
        release.set()
    assert process.returncode == -signal.SIGKILL
    assert sorted(memory_rows(project)) == sorted(SEGMENTS[:3])  # every answered batch was committed

    server.answer = None
    before = len(server.seen)
    got = summary(project)
    assert (got["from_memory"], got["translated"]) == (3, 5)
    assert [s.texts[0] for s in server.seen[before:]] == SEGMENTS[3:]


def test_a_dropped_and_a_reordered_line_are_caught_and_only_what_was_lost_is_asked_again(project, server):
    sent_first: set[str] = set()

    def answer(srv, body):  # answers in reverse order, and the first time it sees 我们要发展。 leaves it out
        message = json.loads(body["messages"][-1]["content"])
        items = {k: translated(t, message.get("terms", {})) for k, t in reversed(message["segments"].items())}
        for key, text in message["segments"].items():
            if text == "我们要发展。" and text not in sent_first:
                del items[key]
            sent_first.add(text)
        return Reply(200, completion(json.dumps(items, ensure_ascii=False)))

    server.answer = answer
    got = summary(project)
    assert (got["translated"], got["missing"]) == (8, [])
    terms = {"改革": " reform", "一带一路": " Belt and Road"}
    assert memory_rows(project) == {s: f"EN({s})" + "".join(t for k, t in terms.items() if k in s) for s in SEGMENTS}
    # two batches of four; one more request: the lost line and the two beside it (either may hold its text)
    assert [seen.texts for seen in server.seen] == [SEGMENTS[:4], ["第一章", "我们要发展。", "我们要改革。"], SEGMENTS[4:]]
    assert got["usage"]["characters"] == sum(seen.characters for seen in server.seen)


def test_the_estimate_counts_what_the_build_sends(tmp_path, server, monkeypatch):
    monkeypatch.setenv("DIGLOT_TEST_KEY", KEY)
    project = make_project(tmp_path / "p", server.url, segments_per_request=3, requests_in_flight=2)
    estimate = json.loads(build(project, "--estimate", "--json").stdout)["usage"]
    got = summary(project)
    assert server.seen and estimate["requests"] == got["usage"]["requests"] == len(server.seen)
    sent = sum(seen.characters for seen in server.seen)
    assert estimate["characters"] == got["usage"]["characters"] == sent
    from pipeline.engines.openai.wire import request_tokens

    assert estimate["prompt_tokens"] == sum(request_tokens(*(m["content"] for m in s.body["messages"])) for s in server.seen)
    # and both say so in words
    shutil.rmtree(project / ".diglot")
    assert f"({sent:,} characters)" in build(project, "--estimate").stdout
    assert f"({sent:,} characters sent)" in build(project).stderr


CORPUS = ROOT.parent / "shared" / "corpus"
ALICE = CORPUS / "epub" / "epubjs-alice.epub"


@pytest.mark.skipif(not ALICE.is_file(), reason="../shared/corpus is absent")
def test_a_real_book_costs_little_more_than_its_own_text(tmp_path, server, monkeypatch):
    monkeypatch.setenv("DIGLOT_TEST_KEY", KEY)
    project = tmp_path / "alice"
    (project / "source").mkdir(parents=True)
    (project / "source" / "alice.epub").write_bytes(ALICE.read_bytes())
    (project / "glossary").mkdir()
    (project / "glossary" / "terms.csv").write_text("source,target\nAlice,爱丽丝\nQueen,王后\nHatter,帽匠\n", encoding="utf-8")
    table = {"name": "openai", "base_url": server.url, "model": "test-model", "requests_in_flight": 4}
    lines = ['source_language = "en"', 'target_language = "zh"', 'formats = ["tmx"]', "[engine]"]
    (project / "diglot.toml").write_text("\n".join(lines + [f"{k} = {json.dumps(v)}" for k, v in table.items()]) + "\n",
                                         encoding="utf-8")
    got = summary(project)
    assert got["missing"] == [] and got["translated"] > 500
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        source = sum(len(s) for (s,) in db.execute("SELECT source FROM entries WHERE status = 'machine'"))
    sent = sum(seen.characters for seen in server.seen)
    assert got["usage"]["characters"] == sent
    # what the text carries, and at most 15 % more, plus a small fixed cost per request (the prompt,
    # the title and the end of the text before); diglot sent 2.5 times the text before this was measured
    assert sent <= 1.15 * source + 700 * len(server.seen)
    assert sent / source < 1.35

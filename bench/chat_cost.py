"""What the chat engine sends, character by character, for real books.

Each book is built with ``--engine openai`` against the test suite's local
chat server (``tests/support/chatserver.py``), which records every request
body and answers in the expected format. Printed per book: the characters of
the source segments, the characters sent (the contents of the messages:
system prompt and user message) in total and split into

- system: the system prompts,
- text: the segments' texts as sent (what the source carries),
- wrapping: everything else in the user message of a first ask (the JSON or
  line framing, the ids),
- context: titles and the previous paragraph (with its translation),
- terms: the term lists,
- re-asks: whole requests that send segments again (alignment failures and
  the term round),

the requests, and characters sent per source character (the source: the
memory's sources after the build, each translated segment once). It also
writes the first asks as 1.15 x the source plus a cost per request.
``--estimate`` runs ``diglot build --estimate`` first and prints what it
counted next to what the build's summary says was sent.

``--drop EVERY`` makes the server leave out every EVERY-th segment of a first
ask (a model that loses lines), to price the re-asks.

    .venv/bin/python bench/chat_cost.py                 # Alice, the children's literature textbook, the sample
    .venv/bin/python bench/chat_cost.py --books sample --drop 50
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
BOOKS = {
    "alice": (CORPUS / "epub" / "epubjs-alice.epub", "en", "zh"),
    "textbook": (CORPUS / "epub" / "idpf-childrens-literature.epub", "en", "zh"),
    "sample": (ROOT / "source" / "sample.txt", "zh", "en"),
}
GLOSSARIES = {
    "alice": "source,target\nAlice,爱丽丝\nWhite Rabbit,白兔\nQueen,王后\nHatter,帽匠\nDuchess,公爵夫人\n",
    "textbook": "source,target\nfairy tale,童话\nfable,寓言\npoetry,诗歌\nchildren,儿童\n",
    "sample": (ROOT / "glossary" / "terms.csv").read_text(encoding="utf-8"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--books", nargs="*", default=list(BOOKS), choices=list(BOOKS))
    parser.add_argument("--drop", type=int, default=0, help="the server leaves out every N-th segment of a first ask")
    parser.add_argument("--segments-per-request", type=int, default=0, help="0: the engine's default")
    parser.add_argument("--context-window", type=int, default=0, help="0: the engine's default")
    parser.add_argument("--estimate", action="store_true", help="also run --estimate and compare")
    args = parser.parse_args()
    for name in args.books:
        path, source, target = BOOKS[name]
        if not path.is_file():
            print(f"{name}: {path} is absent; skipped")
            continue
        report(name, measure(name, path, source, target, args))


def measure(name: str, path: Path, source: str, target: str, args) -> dict:
    from click.testing import CliRunner

    from pipeline.cli import main as cli
    from tests.support.chatserver import ChatServer

    with tempfile.TemporaryDirectory() as folder, ChatServer() as server:
        project = Path(folder) / name
        (project / "source").mkdir(parents=True)
        (project / "source" / path.name).write_bytes(path.read_bytes())
        (project / "glossary").mkdir()
        (project / "glossary" / "terms.csv").write_text(GLOSSARIES[name], encoding="utf-8")
        engine = {"name": "openai", "base_url": server.url, "model": "bench-model", "requests_in_flight": 4}
        if args.segments_per_request:
            engine["segments_per_request"] = args.segments_per_request
        if args.context_window:
            engine["context_window"] = args.context_window
        lines = [f'source_language = "{source}"', f'target_language = "{target}"', 'formats = ["tmx"]', "[engine]"]
        lines += [f"{k} = {json.dumps(v)}" for k, v in engine.items()]
        (project / "diglot.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if args.drop:
            server.answer = dropping(args.drop)
        runner = CliRunner()
        estimate = None
        if args.estimate:
            got = runner.invoke(cli, ["build", "--project", str(project), "--estimate", "--json"])
            assert got.exit_code == 0, got.output
            estimate = json.loads(got.stdout)["usage"]
        started = time.monotonic()
        got = runner.invoke(cli, ["build", "--project", str(project), "--json"])
        seconds = time.monotonic() - started
        assert got.exit_code == 0, got.output
        summary = json.loads(got.stdout)
        with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:  # what was translated, as the book has it
            source = sum(len(s) for (s,) in db.execute("SELECT source FROM entries WHERE status = 'machine'"))
        return {"split": split(server.seen), "source": source, "summary": summary, "estimate": estimate,
                "seconds": seconds}


def dropping(every: int):
    """A server that leaves out every ``every``-th segment it is sent for the first time."""
    from tests.support.chatserver import Reply, completion, default_content

    state = {"count": 0, "sent": set()}

    def answer(server, body):
        message = user_message(body)
        content = json.loads(default_content(message))
        for key, text in message["segments"].items():
            if text in state["sent"]:
                continue
            state["sent"].add(text)
            state["count"] += 1
            if state["count"] % every == 0:
                del content[key]
        return Reply(200, completion(json.dumps(content, ensure_ascii=False)))

    return answer


def user_message(body: dict) -> dict:
    return json.loads([m for m in body["messages"] if m["role"] == "user"][-1]["content"])


def compact(value) -> int:
    """Characters of a part of the message, with the key and the comma before it."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"))) + 2


def split(seen) -> Counter:
    counts: Counter = Counter()
    sent: set[str] = set()
    for request in seen:
        messages = request.body["messages"]
        system = sum(len(m["content"]) for m in messages if m["role"] == "system")
        user = sum(len(m["content"]) for m in messages if m["role"] != "system")
        counts["requests"] += 1
        counts["system"] += system
        counts["sent"] += system + user
        message = user_message(request.body)
        texts = list(message["segments"].values())
        if "missing_terms" in message or any(t in sent for t in texts):
            counts["re-asks"] += user
            counts["re-ask requests"] += 1
            continue
        sent.update(texts)
        text = sum(len(t) for t in texts)
        terms = sum(compact(message[k]) + len(k) for k in ("terms", "avoid") if k in message)
        context = compact(message["context"]) + len("context") if "context" in message else 0
        counts["text"] += text
        counts["terms"] += terms
        counts["context"] += context
        counts["wrapping"] += user - text - terms - context
    return counts


def report(name: str, measured: dict) -> None:
    c, summary = measured["split"], measured["summary"]
    source = measured["source"] or 1
    print(f"{name}: {summary['segments']} segments, {measured['source']:,} source characters, "
          f"{c['requests']} requests ({c['re-ask requests']} re-asks), {measured['seconds']:.1f} s")
    print(f"  sent {c['sent']:,} characters = {c['sent'] / source:.3f} per source character")
    for key in ("system", "text", "wrapping", "context", "terms", "re-asks"):
        print(f"    {key:9} {c[key]:>9,}  {c[key] / source:6.3f}")
    fixed = (c["sent"] - c["re-asks"] - 1.15 * source) / max(1, c["requests"] - c["re-ask requests"])
    print(f"  first asks = 1.15 x source + {fixed:,.0f} per request")
    usage = summary.get("usage") or {}
    line = f"  summary: {usage.get('characters', 0):,} characters in {usage.get('requests', 0)} requests"
    if measured["estimate"]:
        e = measured["estimate"]
        line += (f"; --estimate: {e.get('characters', 0):,} characters, {e['prompt_tokens']:,} input tokens "
                 f"in {e['requests']} requests")
    print(line)


if __name__ == "__main__":
    main()

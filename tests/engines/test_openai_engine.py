"""The openai engine against a real HTTP server on 127.0.0.1 that speaks the chat protocol.

What is checked is what goes over the wire (the exact JSON, the bearer
token), how answers are aligned (by id, under every malformed answer), and
how failures end (retries, back-off, one-line errors).
"""

from __future__ import annotations

import json

import pytest

from pipeline.engines import open_engine
from pipeline.errors import ConfigError, ServerError
from pipeline.model import RequestContext, Term, TermHit, TranslationRequest
from tests.conftest import closed_port_url
from tests.support.chatserver import ChatServer, Reply, completion, default_content, translated

KEY = "sk-test-3f9a1c-secret"


@pytest.fixture
def server():
    with ChatServer() as running:
        yield running


def engine_for(server_or_url, **options):
    url = server_or_url if isinstance(server_or_url, str) else server_or_url.url
    settings = {"model": "test-model", "base_url": url, "requests_in_flight": 1, "retry_delay": 0.01, **options}
    return open_engine("openai", "zh", "en", options=settings)


def requests(texts, paragraph="p1", **context):
    ctx = RequestContext("doc", paragraph, **context)
    return [TranslationRequest(t, segment_id=f"{paragraph}.{i + 1}", context=ctx) for i, t in enumerate(texts)]


def run(engine, reqs, known=None):
    """source -> target over every answer."""
    found = {}
    for answer in engine.answers(reqs, known or {}):
        found.update(zip((r.source for r in answer.requests), answer.targets))
    return found


def test_sends_the_documented_json_and_the_bearer_token(server, monkeypatch):
    monkeypatch.setenv("DIGLOT_TEST_KEY", KEY)
    development = Term("发展", "development", forbidden=("growth",))
    wto = Term("WTO", "WTO", dnt=True)
    texts = ["我们要发展。", "WTO很重要。"]
    ctx = RequestContext("doc", "p2", "文集", "第一章", ("前一段。",))
    reqs = [
        TranslationRequest(texts[0], (TermHit(development, "p2.1", 3, 5),), "d1", "p2.1", ctx),
        TranslationRequest(texts[1] + " ", (TermHit(wto, "p2.2", 0, 3),), "d2", "p2.2", ctx),
    ]
    engine = engine_for(server, api_key_env="DIGLOT_TEST_KEY", temperature=0.2)
    found = run(engine, reqs, {"前一段。": "The paragraph before."})

    assert found == {texts[0]: "EN(我们要发展。) development", texts[1] + " ": "EN(WTO很重要。) WTO"}
    [seen] = server.seen
    assert seen.headers["Authorization"] == f"Bearer {KEY}"
    assert seen.body["model"] == "test-model" and seen.body["temperature"] == 0.2
    assert seen.body["response_format"] == {"type": "json_object"}
    system, user = seen.body["messages"]
    assert system["role"] == "system" and "Chinese" in system["content"] and "English" in system["content"]
    # the prompt explains the parts this message has, and only those
    assert all(f'"{part}"' in system["content"] for part in ("segments", "terms", "avoid", "context"))
    assert "missing_terms" not in system["content"]
    assert user["role"] == "user"
    # compact JSON: short ids, the texts without the spaces around them, the previous paragraph
    # in translation (the memory holds it), the terms as a map
    assert user["content"] == json.dumps({
        "context": {"title": "第一章", "before": "The paragraph before."},
        "terms": {"发展": "development", "WTO": "WTO"},
        "avoid": {"发展": ["growth"]},
        "segments": {"1": texts[0], "2": texts[1]},
    }, ensure_ascii=False, separators=(",", ":"))
    assert KEY not in repr(engine.provenance()) and KEY not in engine.provenance().signature()


def test_a_request_without_terms_or_context_has_a_shorter_prompt(server):
    run(engine_for(server), [TranslationRequest("甲。", segment_id="s1")])
    [seen] = server.seen
    system, user = (m["content"] for m in seen.body["messages"])
    assert json.loads(user) == {"segments": {"1": "甲。"}}
    assert '"segments"' in system and not any(f'"{p}"' in system for p in ("terms", "avoid", "context", "missing_terms"))
    assert seen.characters == len(system) + len(user) < 400


def test_paragraphs_are_not_split_across_requests_when_they_fit(server):
    engine = engine_for(server, segments_per_request=3)
    reqs = requests(["一。", "二。"], "p1") + requests(["三。", "四。"], "p2") + requests(["五。"], "p3")
    run(engine, reqs)
    assert [seen.texts for seen in server.seen] == [["一。", "二。"], ["三。", "四。", "五。"]]


def test_requests_are_sized_to_the_models_window(server):
    # 1,000-character segments: about 1,000 tokens each; a 4,096-token window takes one per request,
    # a 16,384-token one five (a third of what the prompt leaves, for the source: the answer needs the rest)
    reqs = [TranslationRequest(digit * 1000, segment_id=f"s{i}", context=RequestContext("doc", f"p{i}"))
            for i, digit in enumerate("零一二三四五")]
    run(engine_for(server), reqs)
    assert [len(seen.ids) for seen in server.seen] == [1] * 6
    server.seen.clear()
    run(engine_for(server, context_window=16384), reqs)
    assert [len(seen.ids) for seen in server.seen] == [5, 1]
    assert all(seen.characters < 16384 / 3 + 700 for seen in server.seen)


def test_the_context_is_the_title_and_the_end_of_the_text_before(server):
    long_before = tuple(f"这是前一段的第{i}句话，它很长很长很长很长很长很长很长很长很长。" for i in range(12))
    first = requests(["一。", "二。", "三。"], "p1", document_title="书", section_title="第一章", previous=long_before)
    second = requests(["四。", "五。"], "p2", document_title="书", section_title="第一章", previous=("一。", "二。", "三。"))
    run(engine_for(server, segments_per_request=2), first + second)
    contexts = [seen.message["context"] for seen in server.seen]
    # the paragraph before, cut to its last 200 characters (not in the memory: in the source language)
    before = "".join(long_before)
    assert contexts[0] == {"title": "第一章", "before": "…" + before[-199:]}
    # a paragraph cut across requests: the end of its own segments before
    assert contexts[1] == {"title": "第一章", "before": "一。二。"}
    # the next paragraph: the one before it (whole, it is short)
    assert [seen.texts for seen in server.seen] == [["一。", "二。"], ["三。"], ["四。", "五。"]]
    assert contexts[2] == {"title": "第一章", "before": "一。二。三。"}


TEXTS = ["甲。", "乙。", "丙。", "丁。"]
IDS = ["1", "2", "3", "4"]


def good(ids=IDS, texts=TEXTS):
    return {i: f"EN({t})" for i, t in zip(ids, texts)}


def without(answer, key):
    return {k: v for k, v in answer.items() if k != key}


def as_reply(content):
    return Reply(200, completion(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)))


MALFORMED = {
    # first answer -> texts asked again afterwards (together when fewer than all, else in halves)
    "reversed order": (dict(reversed(list(good().items()))), []),
    "code fence and prose": ("Here you go:\n```json\n" + json.dumps(good()) + "\n```\nEnjoy!", []),
    "prose around the object": ("Sure! " + json.dumps(good()) + " Hope this helps.", []),
    "the object under segments": ({"segments": good()}, []),
    "a list of id and text": ({"translations": [{"id": k, "text": v} for k, v in good().items()]}, []),
    "a missing id": (without(good(), "3"), ["乙。", "丙。", "丁。"]),
    "an empty text": ({**good(), "2": "  "}, ["甲。", "乙。", "丙。"]),
    "a text that is no text": ({**good(), "2": None}, ["甲。", "乙。", "丙。"]),
    "two segments merged": ({"1": "EN(甲。)", "2": "EN(乙。) EN(丙。)", "4": "EN(丁。)"}, ["乙。", "丙。", "丁。"]),
    "one text for two ids": ({**good(), "3": "EN(乙。)"}, ["乙。", "丙。"]),
    "an extra id": ({"1": "EN(甲。)", "2": "EN(乙。)", "2b": "EN(乙。) more", "3": "EN(丙。)", "4": "EN(丁。)"}, TEXTS),
    "an id answered twice": ('{"1": "EN(甲。)", "2": "EN(乙。)", "3": "EN(丙。)", "4": "EN(丁。)", "1": "again"}', ["甲。"]),
    "no JSON at all": ("I cannot help with that.", TEXTS),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_alignment_is_by_id_and_unreliable_answers_are_asked_again(server, case):
    first, asked_again = MALFORMED[case]

    def answer(srv, body):
        return as_reply(first) if len(srv.seen) == 1 else None

    server.answer = answer
    found = run(engine_for(server), requests(TEXTS))
    assert found == {t: f"EN({t})" for t in TEXTS}
    again = [t for seen in server.seen[1:] for t in seen.texts]
    assert sorted(again) == sorted(asked_again)
    assert all(len(seen.ids) < 4 for seen in server.seen[1:])  # smaller requests: one, or two when all failed
    assert len(server.seen) == 1 + (0 if not asked_again else 1 if len(asked_again) < 4 else 2)


def test_what_still_fails_is_missing_after_asking_down_to_one_segment(server):
    def answer(srv, body):  # never answers 丙
        message = json.loads(body["messages"][-1]["content"])
        return as_reply({k: translated(t, {}) for k, t in message["segments"].items() if t != "丙。"})

    server.answer = answer
    engine = engine_for(server)
    [answer_] = list(engine.answers(requests(TEXTS), {}))
    assert dict(zip((r.source for r in answer_.requests), answer_.targets)) == {
        "甲。": "EN(甲。)", "乙。": "EN(乙。)", "丙。": "", "丁。": "EN(丁。)",
    }
    # 丙 and its neighbours asked again together, then (all of them failing again) one by one
    assert [s.texts for s in server.seen] == [TEXTS, ["乙。", "丙。", "丁。"], ["乙。"], ["丙。"], ["丁。"]]
    usage = engine.usage
    assert usage.requests == 5 and usage.prompt_tokens == 500
    assert usage.characters == sum(s.characters for s in server.seen)
    # a request that asks again carries the end of the segments before its first one
    assert [s.message.get("context", {}).get("before") for s in server.seen] == [None, "甲。", "甲。", "甲。乙。", "甲。乙。丙。"]


def test_terms_missing_from_the_answer_are_asked_again_and_marked_repaired(server):
    road = Term("一带一路", "Belt and Road")
    reform = Term("改革", "reform")
    texts = ["一带一路倡议。", "深化改革。", "没有术语。"]
    reqs = [
        TranslationRequest(texts[0], (TermHit(road, "p1.1", 0, 4),), segment_id="p1.1"),
        TranslationRequest(texts[1], (TermHit(reform, "p1.2", 2, 4),), segment_id="p1.2"),
        TranslationRequest(texts[2], (), segment_id="p1.3"),
    ]

    def answer(srv, body):  # ignores the glossary; puts a term in only when named as missing, never 'reform'
        message = json.loads(body["messages"][-1]["content"])
        missing = message.get("missing_terms", {})
        return as_reply({k: translated(t, {s: message["terms"][s] for s in missing.get(k, []) if s != "改革"})
                         for k, t in message["segments"].items()})

    server.answer = answer
    [result] = list(engine_for(server).answers(reqs, {}))
    assert result.targets == ("EN(一带一路倡议。) Belt and Road", "EN(深化改革。)", "EN(没有术语。)")
    statuses = [[t["status"] for t in json.loads(d)["terms"]] if d else [] for d in result.details]
    assert statuses == [["repaired"], ["missing"], []]
    repair = server.seen[1].message
    assert repair["segments"] == {"1": texts[0], "2": texts[1]}
    assert repair["missing_terms"] == {"1": ["一带一路"], "2": ["改革"]}
    assert repair["terms"] == {"一带一路": "Belt and Road", "改革": "reform"}
    assert '"missing_terms"' in server.seen[1].body["messages"][0]["content"]
    assert len(server.seen) == 2  # once more, not again and again


def test_the_estimate_counts_the_very_messages_sent(server):
    from pipeline.engines.openai.wire import request_tokens

    development = Term("发展", "development")
    reqs = []
    for p in range(30):
        ctx = RequestContext("doc", f"p{p}", "文集", f"第{p // 10}章", tuple(f"第{p - 1}段第{i}句。" for i in range(3)) if p else ())
        reqs += [TranslationRequest(f"第{p}段第{i}句，我们要发展。", (TermHit(development, "", 7, 9),),
                                    segment_id=f"p{p}.{i}", context=ctx) for i in range(3)]
    known = {"第3段第0句。": "Paragraph 3, sentence 0.", "第3段第1句。": "Sentence 1.", "第3段第2句。": "Sentence 2."}
    engine = engine_for(server, segments_per_request=7, requests_in_flight=3)
    estimate = engine.estimate(reqs, known)
    run(engine, reqs, known)
    assert estimate.requests == len(server.seen) == 15
    assert estimate.characters == engine.usage.characters == sum(s.characters for s in server.seen)
    assert estimate.prompt_tokens == sum(request_tokens(*(m["content"] for m in s.body["messages"])) for s in server.seen)
    assert any(s.message["context"].get("before") == "Paragraph 3, sentence 0. Sentence 1. Sentence 2." for s in server.seen)


def test_429_waits_as_long_as_retry_after_says(server):
    def answer(srv, body):
        if len(srv.seen) == 1:
            return Reply(429, {"error": {"message": "rate limited"}}, {"Retry-After": "1"})
        return None

    server.answer = answer
    found = run(engine_for(server), requests(["甲。"]))
    assert found == {"甲。": "EN(甲。)"}
    assert server.seen[1].at - server.seen[0].at >= 0.95


def test_a_500_is_retried_and_a_lasting_one_is_one_line(server):
    server.answer = lambda srv, body: Reply(500, {"error": {"message": "boom"}}) if len(srv.seen) < 3 else None
    assert run(engine_for(server), requests(["甲。"])) == {"甲。": "EN(甲。)"}

    server.answer = lambda srv, body: Reply(503, "upstream down")
    with pytest.raises(ServerError) as caught:
        run(engine_for(server, retries=2), requests(["乙。"]))
    assert "HTTP 503 3 times" in str(caught.value) and "\n" not in str(caught.value)


def test_a_request_that_times_out_is_sent_again(server):
    server.answer = lambda srv, body: Reply(delay=1.5) if len(srv.seen) == 1 else None
    assert run(engine_for(server, timeout=0.3), requests(["甲。"])) == {"甲。": "EN(甲。)"}
    assert len(server.seen) == 2

    server.answer = lambda srv, body: Reply(delay=1.0)
    with pytest.raises(ServerError, match=r"no answer from .* within 0.2 s \(2 tries\)"):
        run(engine_for(server, timeout=0.2, retries=1), requests(["乙。"]))


def test_a_wrong_key_is_one_line_that_never_shows_the_key(server, monkeypatch):
    monkeypatch.setenv("DIGLOT_TEST_KEY", KEY)
    server.answer = lambda srv, body: Reply(401, {"error": {"message": f"Incorrect API key provided: {KEY}"}})
    with pytest.raises(ServerError) as caught:
        run(engine_for(server, api_key_env="DIGLOT_TEST_KEY"), requests(["甲。"]))
    message = str(caught.value)
    assert "refused the API key" in message and "DIGLOT_TEST_KEY" in message
    assert KEY not in message and KEY[:12] not in message.replace("***", "")
    assert len(server.seen) == 1  # not retried


def test_an_unknown_model_and_an_unreachable_server_are_one_line(server):
    server.answer = lambda srv, body: Reply(404, {"error": {"message": 'model "nope" not found, try pulling it first'}})
    with pytest.raises(ServerError, match="does not know the model 'test-model'"):
        run(engine_for(server), requests(["甲。"]))
    with pytest.raises(ServerError, match="cannot reach the chat server at http://127.0.0.1"):
        run(engine_for(closed_port_url().rstrip("/") + "/v1"), requests(["甲。"]))


def test_response_format_is_dropped_where_the_server_refuses_it(server):
    def answer(srv, body):
        if "response_format" in body:
            return Reply(400, {"error": {"message": "response_format is not supported"}})
        return None

    server.answer = answer
    engine = engine_for(server)
    assert run(engine, requests(["甲。", "乙。"], "p1") + requests(["丙。"], "p9"), {}) == {
        "甲。": "EN(甲。)", "乙。": "EN(乙。)", "丙。": "EN(丙。)"}
    assert ["response_format" in s.body for s in server.seen] == [True, False]


def test_requests_in_flight_are_bounded(server):
    import threading

    state = {"now": 0, "most": 0}
    lock = threading.Lock()

    def answer(srv, body):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        import time

        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return None

    server.answer = answer
    texts = [f"第{i}句。" for i in range(12)]
    reqs = [r for i, t in enumerate(texts) for r in requests([t], f"p{i}")]
    found = run(engine_for(server, requests_in_flight=3, segments_per_request=1), reqs)
    assert found == {t: f"EN({t})" for t in texts}
    assert state["most"] == 3


@pytest.mark.parametrize(
    "table, message",
    [
        ({}, "the openai engine needs a model"),
        ({"model": "m", "beam_size": 4}, "unknown setting [engine] 'beam_size' for the openai engine"),
        ({"model": "m", "base_url": "localhost:11434"}, "base_url must start with http"),
        ({"model": "m", "requests_in_flight": 0}, "requests_in_flight must be a whole number ≥ 1"),
        ({"model": "m", "context_window": 100}, "context_window must be a whole number ≥ 512"),
        ({"model": "m", "price_input_per_million": 1}, "set both"),
        ({"model": "m", "temperature": "hot"}, "temperature must be a number"),
        ({"model": "m", "system_prompt_file": "nowhere.txt"}, "no such file"),
        ({"model": "m", "system_prompt_file": "../secret.txt"}, "is outside the project"),
    ],
)
def test_the_engine_checks_its_own_settings(tmp_path, table, message):
    from pipeline.config import load_settings

    (tmp_path.parent / "secret.txt").write_text("a file beside the project, not in it", encoding="utf-8")
    lines = ['[engine]', 'name = "openai"'] + [f"{k} = {json.dumps(v)}" for k, v in table.items()]
    (tmp_path / "diglot.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert message in str(caught.value) and str(caught.value).startswith(str(tmp_path / "diglot.toml"))


def test_the_registry_tells_what_each_engine_can_do():
    from pipeline.engines import capabilities

    assert capabilities("argos").nbest and capabilities("argos").forced_prefixes and not capabilities("argos").needs_network
    assert not capabilities("none").translates
    openai = capabilities("openai")
    assert openai.needs_network and openai.costs_money and openai.in_document_order and not openai.nbest

    from pipeline.cli.build import build
    from pipeline.engines import ENGINES

    [choice] = [o.type.choices for o in build.params if o.name == "engine_name"]
    assert sorted(choice) == sorted(ENGINES)  # --engine offers every registered engine


def test_default_content_helper_round_trips():
    message = {"segments": {"1": "发展是发展"}, "terms": {"发展": "development"}}
    assert json.loads(default_content(message)) == {"1": "EN(发展是发展) development development"}

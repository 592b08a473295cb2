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
        TranslationRequest(texts[1], (TermHit(wto, "p2.2", 0, 3),), "d2", "p2.2", ctx),
    ]
    engine = engine_for(server, api_key_env="DIGLOT_TEST_KEY", temperature=0.2)
    found = run(engine, reqs, {"前一段。": "The paragraph before."})

    assert found == {texts[0]: "EN(我们要发展。) development", texts[1]: "EN(WTO很重要。) WTO"}
    [seen] = server.seen
    assert seen.headers["Authorization"] == f"Bearer {KEY}"
    assert seen.body["model"] == "test-model" and seen.body["temperature"] == 0.2
    assert seen.body["response_format"] == {"type": "json_object"}
    system, user = seen.body["messages"]
    assert system["role"] == "system" and "Chinese" in system["content"] and "English" in system["content"]
    assert user["role"] == "user"
    assert json.loads(user["content"]) == {
        "segments": [{"id": "p2.1", "text": texts[0]}, {"id": "p2.2", "text": texts[1]}],
        "terms": [
            {"source": "发展", "target": "development", "forbidden": ["growth"]},
            {"source": "WTO", "target": "WTO", "do_not_translate": True},
        ],
        "context": {
            "note": "for reference only; do not translate",
            "document_title": "文集", "section_title": "第一章",
            "previous_paragraph": {"source": "前一段。", "translation": "The paragraph before."},
        },
    }
    assert KEY not in repr(engine.provenance()) and KEY not in engine.provenance().signature()


def test_paragraphs_are_not_split_across_requests_when_they_fit(server):
    engine = engine_for(server, segments_per_request=3)
    reqs = requests(["一。", "二。"], "p1") + requests(["三。", "四。"], "p2") + requests(["五。"], "p3")
    run(engine, reqs)
    assert [seen.ids for seen in server.seen] == [["p1.1", "p1.2"], ["p2.1", "p2.2", "p3.1"]]


TEXTS = ["甲。", "乙。", "丙。", "丁。"]
IDS = ["p1.1", "p1.2", "p1.3", "p1.4"]


def good(ids=IDS, texts=TEXTS):
    return [{"id": i, "text": f"EN({t})"} for i, t in zip(ids, texts)]


def as_reply(content):
    return Reply(200, completion(content if isinstance(content, str) else json.dumps({"translations": content})))


MALFORMED = {
    # first answer -> ids asked again afterwards (in requests of at most half the size)
    "reversed order": (good()[::-1], []),
    "code fence and prose": ("Here you go:\n```json\n" + json.dumps({"translations": good()}) + "\n```\nEnjoy!", []),
    "prose around the object": ("Sure! " + json.dumps({"translations": good()}) + " Hope this helps.", []),
    "a missing id": (good()[:2] + good()[3:], ["p1.2", "p1.3", "p1.4"]),
    "an empty text": (good()[:1] + [{"id": "p1.2", "text": "  "}] + good()[2:], ["p1.1", "p1.2", "p1.3"]),
    "two segments merged": (
        [{"id": "p1.1", "text": "EN(甲。)"}, {"id": "p1.2", "text": "EN(乙。) EN(丙。)"}, {"id": "p1.4", "text": "EN(丁。)"}],
        ["p1.2", "p1.3", "p1.4"],
    ),
    "one text for two ids": (
        good()[:2] + [{"id": "p1.3", "text": "EN(乙。)"}] + good()[3:], ["p1.2", "p1.3"],
    ),
    "an extra id": (good()[:2] + [{"id": "p1.2b", "text": "EN(乙。) more"}] + good()[2:], IDS),
    "an id answered twice": (good() + [{"id": "p1.1", "text": "EN(甲。) again"}], ["p1.1"]),
    "no JSON at all": ("I cannot help with that.", IDS),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_alignment_is_by_id_and_unreliable_answers_are_asked_again(server, case):
    first, asked_again = MALFORMED[case]

    def answer(srv, body):
        return as_reply(first) if len(srv.seen) == 1 else None

    server.answer = answer
    found = run(engine_for(server), requests(TEXTS))
    assert found == {t: f"EN({t})" for t in TEXTS}
    again = [i for seen in server.seen[1:] for i in seen.ids]
    assert sorted(again) == sorted(asked_again)
    assert all(len(seen.ids) <= 2 for seen in server.seen[1:])  # smaller requests


def test_what_still_fails_is_missing_after_asking_down_to_one_segment(server):
    def answer(srv, body):  # never answers 丙
        message = json.loads(body["messages"][-1]["content"])
        items = [{"id": s["id"], "text": translated(s, [])} for s in message["segments"] if s["text"] != "丙。"]
        return as_reply(items)

    server.answer = answer
    engine = engine_for(server)
    [answer_] = list(engine.answers(requests(TEXTS), {}))
    assert dict(zip((r.source for r in answer_.requests), answer_.targets)) == {
        "甲。": "EN(甲。)", "乙。": "EN(乙。)", "丙。": "", "丁。": "EN(丁。)",
    }
    # 丙 and its neighbours asked again in halves, then 乙 and 丙 one by one
    assert [s.ids for s in server.seen] == [IDS, ["p1.2", "p1.3"], ["p1.2"], ["p1.3"], ["p1.4"]]
    assert engine.usage.requests == 5 and engine.usage.prompt_tokens == 500


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
        items = []
        for s in message["segments"]:
            named = [t for t in s.get("missing_terms", []) if t["target"] != "reform"]
            items.append({"id": s["id"], "text": translated(s, named)})
        return as_reply(items)

    server.answer = answer
    [result] = list(engine_for(server).answers(reqs, {}))
    assert result.targets == ("EN(一带一路倡议。) Belt and Road", "EN(深化改革。)", "EN(没有术语。)")
    statuses = [[t["status"] for t in json.loads(d)["terms"]] if d else [] for d in result.details]
    assert statuses == [["repaired"], ["missing"], []]
    repair = server.seen[1].message
    assert repair["segments"] == [
        {"id": "p1.1", "text": texts[0], "missing_terms": [{"source": "一带一路", "target": "Belt and Road"}]},
        {"id": "p1.2", "text": texts[1], "missing_terms": [{"source": "改革", "target": "reform"}]},
    ]
    assert len(server.seen) == 2  # once more, not again and again


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
    message = {"segments": [{"id": "a", "text": "发展"}], "terms": [{"source": "发展", "target": "development"}]}
    assert json.loads(default_content(message)) == {"translations": [{"id": "a", "text": "EN(发展) development"}]}

"""A small OpenAI-compatible chat-completions server on 127.0.0.1, for tests.

It speaks the protocol the ``openai`` engine uses (POST /v1/chat/completions,
JSON in and out, errors as ``{"error": {"message": ...}}``) and records every
request (body, headers, time). By default it "translates" each segment of the
last user message as ``EN(text)`` followed by the target of every glossary
term it was sent, once for each time the term occurs, like a model that
follows the glossary. A test changes what
it answers by setting ``server.answer = function(server, body) -> Reply``
(return None for the default answer).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list (sent as JSON) or str (sent as it is)
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass
class Seen:
    body: dict
    headers: dict
    at: float

    @property
    def message(self) -> dict:
        """The last user message, parsed."""
        return json.loads([m for m in self.body["messages"] if m["role"] == "user"][-1]["content"])

    @property
    def ids(self) -> list[str]:
        return list(self.message["segments"])

    @property
    def texts(self) -> list[str]:
        return list(self.message["segments"].values())

    @property
    def characters(self) -> int:
        """Of the messages' contents: what the engine counts as sent."""
        return sum(len(m["content"]) for m in self.body["messages"])


def translated(text: str, terms: dict[str, str]) -> str:
    """The default 'translation' of a segment: EN(text) and the target of each term for each time it occurs."""
    out = f"EN({text})"
    for source, target in terms.items():
        out += f" {target}" * text.lower().count(source.lower())
    return out


def completion(content: str, prompt_tokens: int = 100, completion_tokens: int = 20) -> dict:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def default_content(message: dict) -> str:
    terms = message.get("terms", {})
    return json.dumps({key: translated(text, terms) for key, text in message["segments"].items()}, ensure_ascii=False)


class ChatServer:
    def __init__(self):
        self.seen: list[Seen] = []
        self.answer: Callable[["ChatServer", dict], Reply | None] | None = None
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server.lock:
                    server.seen.append(Seen(body, dict(self.headers), time.monotonic()))
                if self.path != "/v1/chat/completions":
                    return self._send(Reply(404, {"error": {"message": "not found"}}))
                reply = server.answer(server, body) if server.answer else None
                if reply is None:
                    message = json.loads(body["messages"][-1]["content"])
                    reply = Reply(200, completion(default_content(message)))
                if reply.delay:
                    time.sleep(reply.delay)
                self._send(reply)

            def _send(self, reply: Reply):
                data = reply.body if isinstance(reply.body, str) else json.dumps(reply.body, ensure_ascii=False)
                raw = data.encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(raw)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(raw)
                except OSError:  # the client went away (timeout, killed)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> "ChatServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

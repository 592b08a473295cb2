"""One chat-completions request at a time, over httpx, with retries.

429 and 5xx answers and timeouts are retried with exponential back-off that
honours ``Retry-After`` (seconds or an HTTP date); a wrong key (401/403), an
unknown model (404) and an unreachable server are one-line
:class:`~pipeline.errors.ServerError`\\ s. The key is sent as a bearer token
and never appears in an error: server texts are cut short and the key blanked
out of them. ``response_format`` JSON is asked for where the server takes it
(``auto`` drops it once the server refuses it with a 400/422).
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass
from typing import Any

from pipeline.engines.openai.settings import OpenAISettings
from pipeline.engines.openai.wire import chat_body
from pipeline.errors import EngineError, ServerError

MAX_WAIT = 600.0  # seconds: the longest Retry-After honoured


@dataclass(frozen=True)
class Reply:
    content: str
    prompt_tokens: int | None
    completion_tokens: int | None


class ChatClient:
    def __init__(self, settings: OpenAISettings, api_key: str, *, sleep=time.sleep):
        import httpx

        self._httpx = httpx
        self.settings = settings
        self._key = api_key
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(timeout=httpx.Timeout(settings.timeout), headers=headers, follow_redirects=True)
        self.url = settings.base_url + "/chat/completions"
        self._json_mode = settings.response_format != "none"
        self._lock = threading.Lock()
        self._sleep = sleep

    def close(self) -> None:
        self._http.close()

    def complete(self, prompt: str, message: str) -> Reply:
        """The model's answer to one request (ServerError/EngineError when it cannot be had)."""
        s = self.settings
        attempt = 0
        while True:
            json_mode = self._json_mode
            body = chat_body(s.model, prompt, message, s.temperature, json_mode)
            try:
                response = self._http.post(self.url, json=body)
            except self._httpx.TimeoutException as error:
                if attempt >= s.retries:
                    raise ServerError(
                        f"no answer from {s.base_url} within {s.timeout:g} s ({attempt + 1} tries); "
                        "raise [engine] timeout or lower segments_per_request"
                    ) from error
                self._sleep(self._backoff(attempt, None))
                attempt += 1
                continue
            except self._httpx.TransportError as error:
                raise ServerError(
                    f"cannot reach the chat server at {s.base_url} ({self._clean(str(error) or type(error).__name__)}); "
                    "is it running, and is [engine] base_url right?"
                ) from error
            status = response.status_code
            if status == 429 or status >= 500:
                if attempt >= s.retries:
                    raise ServerError(
                        f"the chat server at {s.base_url} answered HTTP {status} {attempt + 1} times "
                        f"({self._detail(response)}); try again later"
                    )
                self._sleep(self._backoff(attempt, response.headers.get("retry-after")))
                attempt += 1
                continue
            if status in (400, 422) and json_mode and s.response_format == "auto" and "response_format" in response.text:
                with self._lock:
                    self._json_mode = False  # the server does not take it: ask in words only
                continue
            if status >= 400:
                raise self._refused(response)
            return self._reply(response)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = _retry_after_seconds(retry_after)
        if wait is None:
            wait = self.settings.retry_delay * (2 ** attempt)
        return min(max(wait, 0.0), MAX_WAIT)

    def _refused(self, response) -> ServerError:
        s, status, detail = self.settings, response.status_code, self._detail(response)
        if status in (401, 403):
            has_key = "set" if self._key else "not set"
            return ServerError(
                f"the chat server at {s.base_url} refused the API key (HTTP {status}: {detail}); "
                f"check the key in the environment variable {s.api_key_env} (now {has_key})"
            )
        if status == 404:
            if "model" in detail.lower():
                return ServerError(f"the chat server at {s.base_url} does not know the model {s.model!r} ({detail})")
            return ServerError(
                f"no chat-completions endpoint at {self.url} (HTTP 404); [engine] base_url usually ends in /v1"
            )
        return ServerError(f"the chat server at {s.base_url} refused the request (HTTP {status}: {detail})")

    def _detail(self, response) -> str:
        try:
            data = response.json()
            error = data.get("error", data) if isinstance(data, dict) else data
            text = error.get("message", "") if isinstance(error, dict) else str(error)
        except ValueError:
            text = response.text
        return self._clean(text or response.reason_phrase or "no detail")

    def _clean(self, text: str) -> str:
        text = " ".join(str(text).split())
        if self._key:
            text = text.replace(self._key, "***")
        return text[:200] + ("…" if len(text) > 200 else "")

    def _reply(self, response) -> Reply:
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise EngineError(
                f"the chat server at {self.settings.base_url} sent no chat completion ({self._detail(response)})"
            ) from error
        usage = data.get("usage") if isinstance(data, dict) else None
        usage = usage if isinstance(usage, dict) else {}
        return Reply(str(content), _int(usage.get("prompt_tokens")), _int(usage.get("completion_tokens")))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()

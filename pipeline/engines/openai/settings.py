"""The ``openai`` engine's ``[engine]`` table.

::

    [engine]
    name = "openai"
    base_url = "http://localhost:11434/v1"   # any OpenAI-compatible server
    model = "qwen2.5:14b"
    api_key_env = "OPENAI_API_KEY"          # the variable that holds the key; none needed locally
    temperature = 0.0
    segments_per_request = 60               # consecutive segments per request, at most
    context_window = 4096                   # tokens the model reads and writes per request (Ollama's num_ctx)
    requests_in_flight = 4                  # requests sent at once
    timeout = 120                           # seconds per request
    retries = 5                             # for 429, 5xx, timeouts
    system_prompt_file = "prompt.txt"       # instead of the built-in prompt
    response_format = "auto"                # json | none | auto: json unless the server refuses it
    price_input_per_million = 0.15          # for the cost in the summary and --estimate
    price_output_per_million = 0.60
    currency = "USD"

Importing this module is cheap (no HTTP client).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from pipeline.engines.settings import at_least, check_keys
from pipeline.errors import ConfigError

RESPONSE_FORMATS = ("auto", "json", "none")


@dataclass(frozen=True)
class OpenAISettings:
    model: str
    base_url: str = "https://api.openai.com/v1"
    api_key_env: str = "OPENAI_API_KEY"
    temperature: float = 0.0
    segments_per_request: int = 60
    context_window: int = 4096  # tokens: a request's source text takes at most about a third of it
    requests_in_flight: int = 4
    timeout: float = 120.0
    retries: int = 5
    retry_delay: float = 1.0  # first back-off in seconds, doubled each time (Retry-After wins)
    system_prompt_file: str = ""  # absolute after checking
    response_format: str = "auto"
    price_input_per_million: float | None = None
    price_output_per_million: float | None = None
    currency: str = "USD"

    @property
    def priced(self) -> bool:
        return self.price_input_per_million is not None and self.price_output_per_million is not None

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        if not self.priced:
            return None
        return (prompt_tokens * self.price_input_per_million + completion_tokens * self.price_output_per_million) / 1e6


_KINDS = {
    f.name: {"float | None": float, "float": float, "int": int, "str": str}[str(f.type)]
    for f in fields(OpenAISettings)
}


def check_table(table: Mapping[str, Any], where: Path | None, project: Path | None = None) -> dict[str, Any]:
    """The checked values of an ``[engine]`` table for the openai engine (ConfigError naming the key)."""
    values = check_keys("openai", table, _KINDS, where)
    if not values.get("model", "").strip():
        raise ConfigError(
            'the openai engine needs a model: [engine] model = "..." in diglot.toml (e.g. "qwen2.5:14b" on Ollama)',
            path=where,
        )
    url = values.get("base_url", OpenAISettings.base_url).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"[engine] base_url must start with http:// or https://, not {url!r}", path=where)
    values["base_url"] = url
    for key, low in (("segments_per_request", 1), ("requests_in_flight", 1), ("retries", 0), ("context_window", 512)):
        at_least(key, values, low, where)
    for key in ("timeout",):
        if key in values and values[key] <= 0:
            raise ConfigError(f"[engine] {key} must be a number of seconds > 0, not {values[key]!r}", path=where)
    for key in ("temperature", "retry_delay", "price_input_per_million", "price_output_per_million"):
        at_least(key, values, 0, where, kind="a number")
    if values.get("response_format", "auto") not in RESPONSE_FORMATS:
        raise ConfigError(
            f"[engine] response_format must be one of {', '.join(RESPONSE_FORMATS)}, not {values['response_format']!r}",
            path=where,
        )
    if ("price_input_per_million" in values) != ("price_output_per_million" in values):
        raise ConfigError("set both [engine] price_input_per_million and price_output_per_million, or neither", path=where)
    prompt = values.get("system_prompt_file", "")
    if prompt:
        path = Path(prompt).expanduser()
        if not path.is_absolute() and project is not None:
            path = Path(project) / path
        if not path.is_file():
            raise ConfigError(f"[engine] system_prompt_file {prompt!r}: no such file", path=where)
        from pipeline.fileio import within

        real = path.resolve()
        if project is not None and not within(project, real):
            # what the file names is sent to a server: a project folder handed over must not read ~/.ssh
            raise ConfigError(f"[engine] system_prompt_file {prompt!r} is outside the project; "
                              "put the prompt file inside the project folder", path=where)
        values["system_prompt_file"] = str(real)
    return values


def from_options(options: Mapping[str, Any]) -> OpenAISettings:
    """Settings from checked options (see :func:`check_table`)."""
    return OpenAISettings(**{k: v for k, v in options.items() if k in _KINDS})

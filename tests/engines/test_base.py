"""What the engine protocol declares (pipeline.engines.base), so that callers never probe or test names."""

from __future__ import annotations

import pytest

from pipeline.engines import ENGINES, capabilities, credit, open_engine
from pipeline.engines.base import Engine


def test_every_engine_class_declares_the_protocol_members():
    from pipeline.cluster import TranslatorPool
    from pipeline.engines.argos import ArgosEngine
    from pipeline.engines.none import NoneEngine
    from pipeline.engines.openai import OpenAIEngine

    for kind in (ArgosEngine, NoneEngine, OpenAIEngine, TranslatorPool):
        assert Engine in kind.__mro__, kind
        for member in ("notes", "description", "estimate", "executor", "close", "provenance", "translate"):
            assert hasattr(kind, member), (kind, member)


def test_the_none_engine_takes_the_defaults():
    engine = open_engine("none", "zh", "en")
    assert tuple(engine.notes) == () and engine.description == ""
    assert engine.estimate([], {}) is None and engine.executor(True) is None
    engine.close()


def test_what_the_pool_and_the_epub_writer_ask_is_declared():
    assert [name for name, spec in ENGINES.items() if spec.capabilities.ray] == ["argos"]
    assert credit("argos") == "Argos Translate" and credit("none") == credit("openai") == ""
    assert credit("memory") == ""  # an edition read back from the memory names no engine


def test_ray_refuses_an_engine_that_cannot_run_on_actors_before_connecting():
    from pipeline.cluster import open_pool
    from pipeline.config import BuildSettings, ClusterSettings, EngineSettings
    from pipeline.errors import ClusterError

    settings = BuildSettings(engine=EngineSettings(name="openai"), cluster=ClusterSettings(ray="ray://nowhere:1"))
    assert not capabilities("openai").ray
    with pytest.raises(ClusterError, match="--ray runs the argos engine, not 'openai'"):
        open_pool("ray://nowhere:1", settings)


def test_the_argos_engine_uses_the_store_not_the_install_path():
    import json
    import subprocess
    import sys
    from pathlib import Path

    code = ("import json, sys\nimport pipeline.engines.argos, pipeline.cluster\n"
            "print(json.dumps([m for m in ('pipeline.engines.packages', 'argostranslate.package') if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert json.loads(result.stdout) == []

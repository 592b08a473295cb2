"""The translation pass on a Ray cluster: ``diglot build --ray ADDRESS``.

The driver (the process running ``diglot build``) does everything it does in a
plain build: it reads and segments the sources, matches terms, looks up the
memory and deduplicates across every source. Only the decoding of the batches
still to translate goes out, to a pool of Ray actors, each holding one loaded
Argos engine:

* ``ADDRESS`` is ``local`` (start a Ray instance on this machine), ``auto``
  (join the cluster this machine belongs to), ``ray://host:port`` (a Ray
  client address) or ``host:port`` (a head node's GCS address). A process that
  has already called ``ray.init`` keeps its own instance.
* The Argos package goes to the workers through Ray's object store: the
  driver zips its installed package once (stored, not compressed) and puts the
  bytes; each worker node unpacks them once into its temporary folder, in a
  folder named after the archive's SHA-256, and every actor there loads from
  it. The workers need diglot and CTranslate2 installed, not the model.
* One actor per GPU (``num_gpus=1``) with ``--device cuda`` (or ``auto`` on a
  cluster with GPUs), else one per ``cpus_per_actor`` cores; ``actors`` fixes
  the number. Each actor keeps two batches in flight, so it never waits for
  the driver.
* The batches are those of a plain build (same length-sorted order, same
  ``batch_segments``), and each actor runs the same engine code on them,
  glossary enforcement included: a segment's translation is the one a plain
  build with the same engine settings gives. (CTranslate2's int8 scores depend
  in their last digits on how a batch is cut into sub-batches, and that follows
  the thread count: give ``[engine] threads`` to compare bit for bit.)
* Batches come back as they finish, in any order; ``translate_missing``
  commits each to the memory at once. SQLite keeps a single writer: the driver.

Failures: an actor that dies is restarted by Ray (``max_restarts``) and the
batches it held are run again on the restarted actor (``max_task_retries``);
nothing is committed twice, since only finished batches reach the memory. A
driver killed mid-run leaves the memory with every batch committed so far, and
the next build translates only the rest. A cluster that cannot be reached, or
that lost an actor for good, is a :class:`~pipeline.errors.ClusterError`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import socket
import tempfile
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from pipeline import __version__
from pipeline.engines import ENGINES, capabilities
from pipeline.engines.base import Engine
from pipeline.errors import ClusterError, DiglotError, EngineError
from pipeline.model import Provenance, TranslationRequest

IN_FLIGHT = 2  # batches queued on each actor
RESTARTS = 3  # times Ray restarts a dead actor, and runs its batches again
READY_SECONDS = 600.0  # how long actors may take to be placed and load the model
ACTOR_PREFIX = "diglot-translator-"  # actor names: prefix, run id, number (ray list actors shows them)


class _Translator:
    """A Ray actor: one loaded Argos engine (and its glossary finisher).

    The package arrives with each call as ``[ref]`` (a list, so Ray hands the
    ref over unresolved): the bytes are fetched once per node, the model loaded
    on the first call, and again on the first call after Ray restarts the actor.
    """

    def __init__(self, digest: str, package, engine_settings: dict, num_hypotheses: int):
        self.digest, self.package, self.engine_settings = digest, package, engine_settings
        self.num_hypotheses = num_hypotheses
        self.engine = self._finisher = None

    def _load(self, archive: list):
        if self.engine is None:
            import ray

            from pipeline.engines.argos import ArgosEngine

            folder = _unpack(self.digest, lambda: ray.get(archive[0]))
            self.engine = ArgosEngine(replace(self.package, path=folder), **self.engine_settings)
        return self.engine

    def describe(self, archive: list) -> tuple[str, Provenance, str, tuple[str, ...]]:
        engine = self._load(archive)
        return __version__, engine.provenance(), engine.device, tuple(engine.notes)

    def run(self, index: int, batch: list[TranslationRequest], enforce: bool, archive: list) -> tuple[int, list[tuple[str, str]]]:
        """Decode one batch and pick each target, exactly as ``translate_missing`` does in process."""
        engine = self._load(archive)
        if not enforce:
            return index, [(hyps[0].text if hyps else "", "") for hyps in engine.translate(batch)]
        if self._finisher is None:
            from pipeline.glossary import make_finisher

            self._finisher = make_finisher(engine, engine.target_language, num_hypotheses=self.num_hypotheses)
        hypotheses = engine.translate(batch, num_hypotheses=self.num_hypotheses)
        return index, self._finisher(batch, hypotheses)


def _unpack(digest: str, fetch) -> Path:
    """The package unpacked in this node's temporary folder (once per node); ``fetch()`` gives the zip."""
    root = Path(tempfile.gettempdir()) / "diglot-packages"
    folder = root / digest[:24]
    if (folder / "metadata.json").is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".unpack-", dir=root))
    with zipfile.ZipFile(io.BytesIO(fetch())) as zf:
        zf.extractall(work)
    try:
        os.replace(work, folder)  # atomic; another actor of this node may have won
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def _pack(folder: Path) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


class TranslatorPool(Engine):
    """Ray actors that translate for one build; stands in for the engine in ``build``.

    It has what ``translate_missing`` asks of an engine (name, languages,
    ``provenance()``), and :meth:`executor` hands the batches to the actors.
    Close it (or use it as a context manager) to stop the actors.
    """

    name = "ray"  # a pool of actors running an engine (one with capabilities.ray); it can what that engine can

    def __init__(self, ray, actors: list, provenance: Provenance, device: str, owns_ray: bool, source_language: str,
                 target_language: str, description: str, archive_ref, engine: str):
        self._ray = ray
        self._archive = [archive_ref]  # sent with each call: restarted actors load the package again
        self.actors = actors
        self._provenance = provenance
        self.device = device
        self._owns_ray = owns_ray
        self.source_language = source_language
        self.target_language = target_language
        self.description = description
        self.capabilities = capabilities(engine)
        self.notes: list[str] = []  # what the engines chose on the workers (threads capped, ...), said in the summary

    def provenance(self) -> Provenance:
        return self._provenance

    def executor(self, enforce: bool):
        """A ``translate_missing`` executor: batches to the actors, back as they finish."""

        def run(batches: list[list[TranslationRequest]]) -> Iterator[tuple[list[TranslationRequest], list[tuple[str, str]]]]:
            from ray.exceptions import RayActorError, RayTaskError
            from ray.util import ActorPool

            pool = ActorPool(self.actors * IN_FLIGHT)
            results = pool.map_unordered(lambda actor, item: actor.run.remote(item[0], item[1], enforce, self._archive), enumerate(batches))
            seen: set[int] = set()
            while True:
                try:
                    index, finished = next(results)
                except StopIteration:
                    return
                except RayTaskError as error:
                    cause = getattr(error, "cause", None)
                    if isinstance(cause, DiglotError):
                        raise cause from error
                    raise EngineError(f"a Ray worker failed while translating: {_gist(error)}") from error
                except RayActorError as error:
                    raise ClusterError(
                        f"a Ray worker died {RESTARTS + 1} times ({_gist(error)}); "
                        "run the build again: the memory keeps every batch already done"
                    ) from error
                if index not in seen:  # a batch comes back once; never commit one twice
                    seen.add(index)
                    yield batches[index], finished

        return run

    def close(self) -> None:
        _kill(self._ray, self.actors)
        self.actors = []
        if self._owns_ray and self._ray.is_initialized():
            self._ray.shutdown()

    def __enter__(self) -> "TranslatorPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_pool(address: str, settings, *, log=None) -> TranslatorPool:
    """Connect to Ray at ``address`` and start the actors for ``settings`` (a BuildSettings)."""
    from pipeline.engines.store import route
    from pipeline.languages import check as check_language

    e, c = settings.engine, settings.cluster
    if not capabilities(e.name).ray:
        able = ", ".join(name for name, spec in ENGINES.items() if spec.capabilities.ray)
        raise ClusterError(f"--ray runs the {able} engine, not {e.name!r}")
    from_code, to_code = check_language(settings.source_language), check_language(settings.target_language)
    packages = route(from_code, to_code)
    if len(packages) > 1:
        legs = ", ".join(p.pair for p in packages)
        raise ClusterError(f"--ray translates with one model, and {from_code}→{to_code} goes through English here "
                           f"({legs}): build without --ray, or install a {from_code}→{to_code} model")
    package = packages[0]
    ray, owns_ray = connect(address)
    actors: list = []
    try:
        device, count, options = _placement(ray, e.device, c.actors, c.cpus_per_actor)
        archive, digest = _pack(package.path)
        threads = e.threads or (1 if device == "cuda" else c.cpus_per_actor)
        engine_settings = dict(device=device, threads=threads, beam_size=e.beam_size, compute_type=e.compute_type,
                               num_hypotheses_hint=e.num_hypotheses)
        remote = ray.remote(max_restarts=RESTARTS, max_task_retries=RESTARTS, **options)(_Translator)
        archive_ref = ray.put(archive)
        run = uuid.uuid4().hex[:8]
        for i in range(count):
            actors.append(remote.options(name=f"{ACTOR_PREFIX}{run}-{i}").remote(digest, package, engine_settings,
                                                                                  e.num_hypotheses))
        ready = _ready(ray, actors, [archive_ref])
        versions = {v for v, _, _, _ in ready.values()}
        if versions != {__version__}:
            raise ClusterError(f"the Ray workers run diglot {', '.join(sorted(versions))}, this machine {__version__}; "
                               "install the same version everywhere")
        signatures = {p.signature() for _, p, _, _ in ready.values()}
        if len(signatures) != 1:
            raise ClusterError("the Ray workers load the model differently (" + " | ".join(sorted(signatures))
                               + "); set [engine] compute_type")
        actors = [a for a in actors if a in ready]
        _, provenance, device, _ = next(iter(ready.values()))
        notes = sorted({f"Ray workers: {note}" for *_, found in ready.values() for note in found})
        unit = "1 GPU" if device == "cuda" else f"{options['num_cpus']} core(s)"
        description = f"{len(actors)} Ray actor(s) on {device}, {unit} each"
        if log:
            log(f"translating on {description}")
        pool = TranslatorPool(ray, actors, provenance, device, owns_ray, package.from_code, package.to_code,
                              description, archive_ref, e.name)
        pool.notes = notes
        return pool
    except BaseException:
        _kill(ray, actors)
        if owns_ray:
            ray.shutdown()
        raise


def connect(address: str):
    """``(ray, started)``: Ray connected at ``address``; ``started`` when this call did it."""
    try:
        import ray
    except ImportError as error:
        raise ClusterError("Ray is not installed; install it with: pip install 'diglot[ray]'") from error
    address = address.strip()
    if address.startswith("ray://"):
        _reachable(address)
    elif address not in ("local", "auto") and not _host_port(address):
        raise ClusterError(f"not a Ray address: {address!r} (local, auto, ray://host:port or host:port)")
    if ray.is_initialized():
        return ray, False
    options = dict(logging_level=logging.ERROR, log_to_driver=False)
    if address == "local":
        options["include_dashboard"] = False
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Ray cluster at {address}: {_gist(error)}") from error
    return ray, True


def _host_port(address: str) -> tuple[str, int] | None:
    host, _, port = address.rpartition(":")
    return (host, int(port)) if host and port.isdigit() else None


def _reachable(address: str) -> None:
    """Fail fast (Ray's client retries for 30 s) when nothing listens at a ray:// address."""
    found = _host_port(address[len("ray://"):].split("/")[0])
    if found is None:
        raise ClusterError(f"not a Ray client address: {address!r} (ray://host:port)")
    try:
        socket.create_connection(found, timeout=5).close()
    except OSError as error:
        raise ClusterError(f"cannot reach the Ray cluster at {address}: {error.strerror or error}") from error


def _placement(ray, device: str, actors: int, cpus_per_actor: int) -> tuple[str, int, dict]:
    """(device, number of actors, actor resources) for this cluster."""
    total = ray.cluster_resources()
    gpus = int(total.get("GPU", 0))
    if device == "auto":
        device = "cuda" if gpus else "cpu"
    if device == "cuda":
        if not gpus and not actors:
            raise ClusterError("--device cuda, but the Ray cluster has no GPU; use --device cpu or auto")
        return device, actors or gpus, {"num_gpus": 1, "num_cpus": 1}
    cpus = int(total.get("CPU", 0))
    return device, actors or max(1, cpus // cpus_per_actor), {"num_cpus": min(cpus_per_actor, max(cpus, 1))}


def _ready(ray, actors: list, archive: list) -> dict:
    """{actor: describe()} for the actors that loaded their model in time (at least one)."""
    from ray.exceptions import RayActorError, RayTaskError

    refs = {actor.describe.remote(archive): actor for actor in actors}
    done, _ = ray.wait(list(refs), num_returns=len(refs), timeout=READY_SECONDS)
    ready, errors = {}, []
    for ref in done:
        try:
            ready[refs[ref]] = ray.get(ref)
        except (RayActorError, RayTaskError) as error:
            cause = getattr(error, "cause", None)
            errors.append(str(cause) if isinstance(cause, DiglotError) else _gist(error))
    _kill(ray, [actor for actor in actors if actor not in ready])
    if not ready:
        reason = errors[0] if errors else f"none was placed within {READY_SECONDS:.0f} s (not enough free CPUs or GPUs?)"
        raise ClusterError(f"no Ray worker could load the model: {reason}")
    return ready


def _kill(ray, actors: list) -> None:
    for actor in actors:
        try:
            ray.kill(actor, no_restart=True)
        except Exception:  # noqa: BLE001 - already gone, or the cluster is
            pass


def _gist(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__

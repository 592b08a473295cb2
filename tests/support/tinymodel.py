"""Build a tiny but real Argos Translate package (``.argosmodel``) offline.

The package is what Argos ships: a zip with one top-level folder holding
``metadata.json``, ``model/`` (a CTranslate2 Transformer) and
``sentencepiece.model``. The weights are seeded random numbers, so the
translations are nonsense, but every piece of the real code path runs:
tokenizing, batched beam search, n-best, target prefixes, detokenizing.

The SentencePiece model is trained on text the project ships (``source/``,
``glossary/`` and the corpora in ``tests/data/``) so that Chinese and English
terms tokenize into real pieces. Same files + same arguments = same bytes.

    build_argos_package(out_dir) -> out_dir / "translate-zh_en-1_0.argosmodel"
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def training_files() -> list[Path]:
    """The text files the tokenizer is trained on, in a fixed order."""
    files = [DATA / "corpus_en.txt", DATA / "corpus_zh.txt"]
    for folder, patterns in ((ROOT / "source", ("*.txt", "*.md")), (ROOT / "glossary", ("*.csv", "*.tsv", "*.tbx", "*.txt"))):
        if folder.is_dir():
            found = sorted({p for pattern in patterns for p in folder.glob(pattern) if p.is_file()})
            files.extend(found)
    return files


def _training_lines() -> list[str]:
    lines: list[str] = []
    for path in training_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        lines.extend(line.strip() for line in text.splitlines() if line.strip())
    return lines


def train_sentencepiece(vocab_size: int = 2000) -> bytes:
    """Train a deterministic SentencePiece model; returns the model's bytes."""
    import sentencepiece as spm

    lines = _training_lines()
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=writer,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,
        num_threads=1,
        shuffle_input_sentence=False,
        input_sentence_size=0,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        minloglevel=2,
    )
    return writer.getvalue()


def build_ct2_model(
    model_dir: Path,
    vocabulary: list[str],
    *,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 128,
    seed: int = 0,
    quantization: str | None = None,
) -> Path:
    """Write a CTranslate2 Transformer with seeded random weights to ``model_dir``."""
    import numpy as np
    from ctranslate2.specs import model_spec, transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
    vocab = len(vocabulary)

    def weight(rows: int, cols: int) -> "np.ndarray":
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float32)

    def fill(layer, name: str, value) -> None:
        if value is not None:
            return
        parts = name.split("/")
        attr = parts[-1]
        owner = parts[-2] if len(parts) > 1 else ""
        parent = parts[-3] if len(parts) > 2 else ""
        if attr == "gamma":
            array = np.ones(d_model, dtype=np.float32)
        elif attr == "beta":
            array = np.zeros(d_model, dtype=np.float32)
        elif owner.startswith("embeddings"):
            array = weight(vocab, d_model)
        elif owner == "projection":
            array = weight(vocab, d_model)
        elif parent == "ffn":
            array = weight(ffn, d_model) if owner == "linear_0" else weight(d_model, ffn)
        elif parent == "self_attention":
            array = weight(3 * d_model, d_model) if owner == "linear_0" else weight(d_model, d_model)
        elif parent == "attention":
            array = weight(2 * d_model, d_model) if owner == "linear_1" else weight(d_model, d_model)
        else:  # pragma: no cover - a spec layout this builder does not know
            raise ValueError(f"tinymodel: no shape rule for {name}")
        setattr(layer, attr, array)

    model_spec.visit_spec(spec, fill)
    # Keep the random model away from byte-fallback pieces and special tokens,
    # so that its output is printable text (as a trained model's would be).
    bias = np.zeros(vocab, dtype=np.float32)
    for i, piece in enumerate(vocabulary):
        if piece in ("<unk>", "<s>") or piece.startswith("<extra_") or (piece.startswith("<0x") and piece.endswith(">")):
            bias[i] = -30.0
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    if quantization:
        spec.optimize(quantization=quantization)
    else:
        spec.optimize()
    model_dir = Path(model_dir)
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))
    return model_dir


def _zip_folder(folder: Path, archive: Path) -> None:
    """Zip ``folder`` (as the archive's one top-level folder) deterministically."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder.parent).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(rel + "/", _ZIP_TIME)
                info.external_attr = 0o40755 << 16
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(rel, _ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    archive.write_bytes(buffer.getvalue())


def build_argos_package(
    out_dir: str | Path,
    from_code: str = "zh",
    to_code: str = "en",
    *,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 128,
    vocab_size: int = 2000,
    seed: int = 0,
    name: str | None = None,
    package_version: str = "1.0",
    target_prefix: str = "",
    quantization: str | None = None,
) -> Path:
    """Build ``out_dir/<name>.argosmodel`` and return its path.

    ``name`` is the package's top-level folder (default
    ``translate-{from}_{to}-1_0``). ``quantization`` e.g. ``"int8"`` for a
    model stored the way Argos ships its models.
    """
    import sentencepiece as spm

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder_name = name or f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    with tempfile.TemporaryDirectory(prefix="tinymodel-") as work:
        work = Path(work)
        pkg = work / folder_name
        pkg.mkdir()
        sp_path = pkg / "sentencepiece.model"
        sp_path.write_bytes(train_sentencepiece(vocab_size=vocab_size))
        processor = spm.SentencePieceProcessor(model_file=str(sp_path))
        vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        # the model's vocabulary has vocab_size entries even when the corpus
        # yields fewer pieces (the output layer costs what a real one costs)
        vocabulary += [f"<extra_{i}>" for i in range(vocab_size - len(vocabulary))]
        build_ct2_model(
            pkg / "model", vocabulary, layers=layers, d_model=d_model, heads=heads, ffn=ffn, seed=seed,
            quantization=quantization,
        )
        metadata = {
            "package_version": package_version,
            "argos_version": "1.9.0",
            "from_code": from_code,
            "from_name": _language_name(from_code),
            "to_code": to_code,
            "to_name": _language_name(to_code),
            "type": "translate",
            "links": [],
        }
        if target_prefix:
            metadata["target_prefix"] = target_prefix
        (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (pkg / "README.md").write_text(
            f"# Tiny test model {from_code} -> {to_code}\n\nRandom weights, built by tests/support/tinymodel.py.\n",
            encoding="utf-8",
        )
        archive = out_dir / f"{folder_name}.argosmodel"
        _zip_folder(pkg, archive)
    return archive


def _language_name(code: str) -> str:
    try:
        from pipeline.languages import name

        return name(code)
    except Exception:
        return code

"""Sentence embeddings on the user's own machine: an ONNX model run by onnxruntime, tokenised by `tokenizers`.

Texts are sorted by token length and batched so each batch is padded only to its own longest text; that,
and onnxruntime's graph optimisation, is where the speed comes from. Rows come back L2-normalised, in the
order the texts were given."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from empathy_studio.evidence.model_files import (
    ONNX_FILE,
    TOKENIZER_FILE,
    ModelFolder,
    cache_root,
    locate_model,
)
from empathy_studio.evidence.model_files import ModelUnavailable as ModelUnavailable
from empathy_studio.evidence.quantize import quantized
from empathy_studio.settings import Settings

Vectors = npt.NDArray[np.float32]
BATCH = 128  # texts per model call at most: large enough to keep the CPU busy, small enough to pad little
TOKEN_BUDGET = 8192  # padded tokens per model call at most
DEFAULT_MAX_TOKENS = 256


class Embedder(Protocol):
    model_id: str  # "<name>@<version>", stored next to vectors so stale ones can be recognised
    dimension: int

    def embed(self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None) -> Vectors: ...


class OnnxEmbedder:
    def __init__(self, folder: ModelFolder, *, threads: int = 0) -> None:
        import onnxruntime as ort  # type: ignore[import-untyped]  # ships no type information
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder.path / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder.path / TOKENIZER_FILE))
        self.tokenizer.no_padding()  # tokenizer.json may ask for fixed padding; we pad per batch instead
        self.tokenizer.enable_truncation(max_length(folder.path))
        self.pooling = pooling_mode(folder.path)
        self.model_id = folder.model_id
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self._lock = threading.Lock()  # one run at a time: onnxruntime already uses every allowed thread

    def embed(self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None) -> Vectors:
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return result
        # Feedback repeats itself ("Nothing.", "Great service"): each distinct text is run once.
        slot: dict[str, int] = {}
        where = np.array([slot.setdefault(t, len(slot)) for t in texts])
        distinct = list(slot)
        vectors = np.zeros((len(distinct), self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([t or " " for t in distinct])
        order = sorted(range(len(distinct)), key=lambda i: len(encodings[i].ids))
        counts = np.bincount(where, minlength=len(distinct))
        start = 0
        while start < len(order):
            # Shortest first, so a batch's last text is its longest: few long texts per call, many short
            # ones, which keeps padding and the attention's memory (batch x length²) in bounds.
            size = min(BATCH, len(order) - start)
            while size > 1 and size * len(encodings[order[start + size - 1]].ids) > TOKEN_BUDGET:
                size //= 2
            chosen = order[start : start + size]
            vectors[chosen] = self._run([encodings[i].ids for i in chosen])
            if progress is not None:
                progress(int(counts[chosen].sum()))
            start += size
        result[:] = vectors[where]
        return result

    def _run(self, batch: list[list[int]]) -> Vectors:
        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._lock:
            hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        return normalise(pool(np.asarray(hidden, dtype=np.float32), mask, self.pooling))


def pool(hidden: Vectors, mask: npt.NDArray[np.int64], mode: str) -> Vectors:
    if hidden.ndim == 2:  # the model already pooled
        return hidden
    if mode == "cls":
        return hidden[:, 0]
    weights = mask[:, :, None].astype(np.float32)
    summed: Vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return summed


def normalise(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    out: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return out


def pooling_mode(folder: Path) -> str:
    config = read_json(folder / "1_Pooling" / "config.json")
    return "cls" if config.get("pooling_mode_cls_token") else "mean"


def max_length(folder: Path) -> int:
    value = read_json(folder / "sentence_bert_config.json").get("max_seq_length", DEFAULT_MAX_TOKENS)
    return int(value) if isinstance(value, int) and value > 0 else DEFAULT_MAX_TOKENS


def read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_loaded: dict[tuple[str, str, int, str], OnnxEmbedder] = {}
_loading = threading.Lock()


def load_embedder(settings: Settings) -> Embedder:
    """The model settings ask for, loaded once per process; raises ModelUnavailable with what to do."""
    key = (
        settings.model,
        str(settings.model_cache_dir or settings.data_dir),
        settings.model_threads,
        settings.model_precision,
    )
    with _loading:
        if key not in _loaded:
            folder = locate_model(settings)
            if settings.model_precision == "int8":
                folder = quantized(folder, cache_root(settings))
            try:
                _loaded[key] = OnnxEmbedder(folder, threads=settings.model_threads)
            except Exception as error:  # a damaged or incompatible model file
                raise ModelUnavailable(
                    f"The model in {folder.path} could not be loaded ({error})."
                ) from error
        return _loaded[key]

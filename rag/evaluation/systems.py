"""The two systems the suites score: ours (rag.Assistant) and the plain llama-index baseline, behind one protocol."""

from __future__ import annotations

from typing import Any, Protocol

from rag.assistant import Assistant
from rag.ingest.store import PASSAGES
from rag.types import Answer, Citation, Turn

OURS = "ours"
BASELINE = "baseline"


class System(Protocol):
    """Anything that answers a question with an Answer record."""

    name: str

    def ask(self, question: str, history: list[Turn]) -> Answer: ...


class Ours:
    """The full pipeline: retrieval, relevance gate, dosing layer, contradictions, extractive composition."""

    name = OURS

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def ask(self, question: str, history: list[Turn]) -> Answer:
        return self.assistant.ask(question, history=history)


class Baseline:
    """A plain llama-index pipeline over the same Chroma passages and model.

    Dense top-k passages, each quoted whole as a citation; no relevance gate (it always answers), no safety layer,
    no contradictions. It shows what each of our layers buys.
    """

    name = BASELINE

    def __init__(self, assistant: Assistant, top_k: int) -> None:
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from rag.ingest.embedder import llama_embedding

        _disable_llama_llm()
        store = ChromaVectorStore(chroma_collection=assistant.store.collection(PASSAGES))
        index = VectorStoreIndex.from_vector_store(store, embed_model=llama_embedding(assistant.embedder))
        self.retriever: Any = index.as_retriever(similarity_top_k=top_k)

    def ask(self, question: str, history: list[Turn]) -> Answer:
        nodes = self.retriever.retrieve(question)
        citations = [_citation(hit) for hit in nodes]
        lines = ["Here is what the documents say:"]
        lines += [f"[{n}] {c.quote}" for n, c in enumerate(citations, start=1)]
        top = float(nodes[0].score or 0.0) if nodes else 0.0
        return Answer(
            question=question, status="answered", text="\n".join(lines), citations=citations, relevance=top
        )


def _citation(hit: Any) -> Citation:
    meta = hit.node.metadata
    return Citation(
        source_id=str(meta["source_id"]),
        title=str(meta.get("title", "")),
        quote=hit.node.get_content(),
        start=int(meta["start"]),
        end=int(meta["end"]),
        score=float(hit.score or 0.0),
    )


def _disable_llama_llm() -> None:
    """No LLM anywhere: llama-index would otherwise reach for OpenAI defaults."""
    import contextlib
    import io

    from llama_index.core import Settings as LlamaSettings

    with contextlib.redirect_stdout(io.StringIO()):  # it prints a notice when the LLM is disabled
        LlamaSettings.llm = None

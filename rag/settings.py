"""Every tunable of the assistant, read from environment variables with the prefix ``RAG_``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGED_MODEL = "all-MiniLM-L6-v2"
# Texts per model call batch; the one default for the settings and for embedders built without them.
EMBED_BATCH_SIZE = 32


class Settings(BaseSettings):
    """Configuration of one assistant. Unknown fields are an error, so a typo never passes silently."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", validate_default=True)

    # --- where things live -------------------------------------------------------------------------
    corpus_dir: Path = Field(Path("corpus"), description="Folder holding the documents and manifest.json.")
    store_dir: Path = Field(
        Path(".rag_store"), description="Embedded Chroma store (ignored with chroma_url)."
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server, e.g. http://127.0.0.1:8000; None uses the embedded store."
    )
    collection_prefix: str = Field("rag", description="Prefix of the Chroma collections this assistant owns.")

    # --- models ------------------------------------------------------------------------------------
    embed_model: str = Field(
        PACKAGED_MODEL,
        description="Embedding model: the packaged all-MiniLM-L6-v2 (offline), a local folder, or a hub name.",
    )
    embed_batch_size: int = Field(
        EMBED_BATCH_SIZE,
        ge=1,
        description="Texts per batch when embedding (32 embedded the texts of indexing 4-7 % faster than 64 in "
        "bfloat16 and about 15 % faster in float32, on the seed corpus and on COVID-QA articles).",
    )
    embed_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "torch",
        description="What runs the embedding model: torch (sentence-transformers), or onnxruntime on a graph "
        "exported from the same weights at first use, cached under $XDG_CACHE_HOME/rag/onnx (onnx: float32, the "
        "same vectors as torch; onnx-int8: weights quantised to int8, about 1.6x faster, vectors shifted slightly).",
    )
    embed_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto",
        description="Number format of the torch backend on large calls (indexing): auto uses bfloat16 where the "
        "processor computes it natively (AVX512-BF16 or AMX; about 2x faster, vectors within cosine 0.9999 of "
        "float32), else float32. Questions are always embedded in float32.",
    )
    nli_model: str | None = Field(
        None, description="Optional NLI cross-encoder (hub name or local path) for the contradiction map."
    )

    # --- corpus ------------------------------------------------------------------------------------
    max_document_bytes: int = Field(
        5_000_000,
        ge=1,
        description=".txt and .md files larger than this are skipped with a warning instead of stalling indexing.",
    )
    max_file_mb: float = Field(
        50.0,
        gt=0,
        description="PDF, HTML and DOCX files larger than this (MB) are skipped with a warning, unread.",
    )
    max_unpacked_mb: float = Field(
        200.0,
        gt=0,
        description="A DOCX (a zip) that declares more unpacked bytes than this (MB) is refused as a possible "
        "zip bomb, before anything is unpacked.",
    )
    watch_seconds: float = Field(
        2.0, gt=0, description="`rag index --watch`: how often the corpus folder is looked at for changes."
    )
    document_suffixes: tuple[str, ...] = Field(
        (".txt", ".md", ".pdf", ".html", ".htm", ".docx"), description="File suffixes read as documents."
    )
    title_max_words: int = Field(
        12,
        ge=1,
        description="A title taken from a document's first line (no manifest title) is cut to this many words, "
        "at a word boundary, with an ellipsis.",
    )

    # --- chunking ----------------------------------------------------------------------------------
    chunk_max_chars: int = Field(700, ge=100, description="Upper bound on a passage's length in characters.")
    chunk_overlap_sentences: int = Field(
        1, ge=0, description="Sentences repeated between neighbouring passages."
    )

    sentence_window: int = Field(
        1, ge=0, description="Neighbouring sentences on each side embedded with a sentence as its context."
    )
    window_vectors: Literal["embedded", "derived", "late"] = Field(
        "embedded",
        description="How a sentence's window (it with its neighbours) gets its vector: embedded as one text, "
        "derived from the sentence vectors already computed (their length-weighted mean), which embeds about "
        "half as many tokens, or late: pooled from the word pieces of the document read once in chunks of "
        "late_chunk_pieces (late chunking; torch backend only, the others embed the windows).",
    )
    late_centre: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="Late chunking: share of the chunk's mean word-piece vector taken from each span's mean "
        "(context makes the spans of one chunk alike; this keeps them apart).",
    )
    passage_vectors: Literal["embedded", "derived", "late"] = Field(
        "embedded",
        description="How a passage gets its vector: embedded as one text (cut at the model's 256 word pieces), "
        "derived from its sentences' and their windows' vectors (their length-weighted mean: no passage text is "
        "embedded), or "
        "late: pooled like late windows, over the whole passage.",
    )
    late_chunk_pieces: int = Field(
        128,
        ge=16,
        le=512,
        description="Late chunking: word pieces per model input, special tokens included (at most the model's "
        "positions). Longer chunks read fewer word pieces twice but move the vectors further from those of the "
        "texts embedded alone (windows' mean cosine 0.94 at 128, 0.88 at 256, 0.78 at 512 on the seed corpus; "
        "0.85 at 256 on long scientific articles, where chunks of 128 save almost nothing: their windows are "
        "longer than a chunk).",
    )
    window_backend: Literal["same", "onnx-int8"] = Field(
        "same",
        description="What embeds the sentence windows: the same backend as everything else, or int8 ONNX (about "
        "1.6x faster on the windows, which are most of the word pieces indexing embeds; window vectors shift "
        "slightly, cosine about 0.99 to float32).",
    )
    window_skip_pieces: int = Field(
        0,
        ge=0,
        description="A sentence of at least this many word pieces gets no window of its own (its own vector "
        "stands for it): a long sentence carries its own context, and its window is the longest text to embed "
        "(48: a fifth of the sentences of long scientific articles, 28 % of their window word pieces; it held the "
        "quick evals but on a full corpus of such articles more covered questions fell under the gate, so it is "
        "off by default; benchmarks/results.md). 0: every sentence gets its window.",
    )

    # --- retrieval ---------------------------------------------------------------------------------
    dense_top_k: int = Field(20, ge=1, description="Passages taken from the vector index.")
    lexical_top_k: int = Field(20, ge=1, description="Passages taken from BM25.")
    fused_top_k: int = Field(10, ge=1, description="Passages kept after reciprocal rank fusion.")
    sentence_top_k: int = Field(30, ge=1, description="Sentences nearest the question added as candidates.")
    exact_search_max_passages: int = Field(
        200_000,
        ge=0,
        description="Up to this many passages, dense passage search is exact, over vectors read once per index "
        "version with the texts BM25 reads anyway (about 1.5 KB per passage); above, Chroma's HNSW graph, which "
        "misses neighbours of questions far from every passage and not the same ones in every process.",
    )
    exact_search_max_sentences: int = Field(
        60_000,
        ge=0,
        description="Up to this many sentences, the sentences nearest the question anywhere are found exactly "
        "(their vectors held in memory, 3 KB each); above, through Chroma's HNSW graph.",
    )
    lexical_weight: float = Field(0.5, description="Weight of the question's terms found in a sentence.")
    candidate_weight_share: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="In ranking sentences, the share of the question's terms weighted by their IDF among the "
        "candidate sentences rather than in the corpus (the relevance gate uses the corpus's alone).",
    )
    context_dense_weight: float = Field(0.3, description="Weight of the surrounding passage's cosine.")
    context_lexical_weight: float = Field(0.2, description="Weight of the surrounding passage's BM25 share.")
    rare_word_zipf: float = Field(
        4.0,
        description="Question words rarer than this in English (wordfreq Zipf scale) must appear in the corpus...",
    )
    unsupported_word_penalty: float = Field(
        0.2,
        ge=0.0,
        description="...or the gate score drops by this much per Zipf point below it, at least once (calibrated in eval).",
    )
    rare_word_zipf_floor: float = Field(
        2.5,
        description="...a word rarer than this (or unknown to wordfreq) is penalised as if this frequent: below it "
        "rarity tells no more about coverage (PubMedQA dev split).",
    )
    named_together_share: float = Field(
        0.02,
        ge=0.0,
        le=1.0,
        description="A rare question word that at most this share of the documents name (one at least) is specific...",
    )
    named_together_needed: int = Field(
        2, ge=1, description="...and when the best sentence's document names this many of them..."
    )
    named_together_penalty_share: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="...the word penalties are kept at this share: the question is about that document "
        "(rag.retrieval.named_together; chosen on the dev splits).",
    )
    focus_word_zipf: float = Field(
        5.5,
        description="Question words rarer than this (Zipf) that no document uses are checked against the evidence...",
    )
    focus_words_max: int = Field(2, ge=0, description="...at most this many per question, rarest first...")
    off_evidence_weight: float = Field(
        3.0,
        ge=0.0,
        description="...and the gate score drops by this times how much closer the question gets to its best "
        "sentence without such a word (calibrated in eval).",
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    relevance_threshold: float = Field(
        0.45,
        description="Least gate score that is ever answered, on the embedding model's scale (checked on the dev "
        "splits of four corpora); with gate_calibration the corpus's own thresholds apply above it.",
    )

    gate_calibration: bool = Field(
        True,
        description="Calibrate the relevance gate on each corpus from everyday questions it is unlikely to cover "
        "(rag/retrieval/data/everyday_questions.json); False uses relevance_threshold alone, with no middle band.",
    )
    gate_quantile: float = Field(
        0.75,
        gt=0.0,
        le=1.0,
        description="Quantile of the everyday questions' gate scores the thresholds start from.",
    )
    gate_spread_floor: float = Field(
        0.02,
        ge=0.0,
        description="Least spread (interquartile range) of everyday scores used as the margin's unit.",
    )
    gate_not_found_margin: float = Field(
        1.25,
        description="not_found below the everyday quantile plus this many spreads, both measured on the everyday "
        "questions with no rare word the corpus lacks when at least 10 are (chosen on dev splits).",
    )
    gate_band_width: float = Field(
        2.0,
        ge=0.0,
        description="Answered with low confidence below the not_found threshold plus this many spreads of the "
        "everyday questions' evidence scores, before word penalties (dev splits of four corpora).",
    )
    gate_second_opinion: bool = Field(
        False,
        description="English questions whose gate score falls near the thresholds get a second opinion from the "
        "multilingual model on the gate's best candidate sentences; the two scores, each in units of the corpus's "
        "everyday questions, decide together (rag/retrieval/second_opinion.py).",
    )
    gate_second_opinion_band: float = Field(
        1.0,
        ge=0.0,
        description="The second opinion is asked from this many evidence spreads below the not_found threshold to "
        "as many above the low-confidence one.",
    )
    gate_second_opinion_top: int = Field(
        5, ge=1, description="Candidate sentences (best by the English gate) the second opinion reads."
    )
    gate_second_opinion_weight: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Weight of the English score in the fused one (the rest: the second).",
    )
    gate_second_opinion_not_found: float = Field(
        1.0, description="Fused score (everyday units above the everyday quantile) below which: not_found."
    )
    gate_second_opinion_low: float = Field(
        3.0, description="Fused score below which (and not below the other): low confidence."
    )
    gate_second_opinion_spread_floor: float = Field(
        0.005, ge=0.0, description="Least spread of the multilingual everyday evidence used as its unit."
    )
    # --- languages ---------------------------------------------------------------------------------
    multilingual: bool = Field(
        True,
        description="Questions detected as another supported language than English (Spanish, Indonesian, Malay, "
        "Thai, Vietnamese, French, German) are retrieved with the multilingual model and answered in their "
        "language (fixed texts; quotes stay verbatim); False reads every question as English.",
    )
    multilingual_at_index: bool = Field(
        False,
        description="Embed the passages with the multilingual model at index time instead of on the first "
        "non-English question (about 1.5x the English indexing time on the passages; README, 'Languages').",
    )
    multilingual_background: bool = Field(
        True,
        description="Once the index is ready, the chat UI prepares questions in other languages in the "
        "background (the passages' multilingual vectors and each language's gate), so that the first question "
        "in a language does not wait for them; false: the first question in each language pays it.",
    )
    multilingual_context_weight: float = Field(
        0.0,
        ge=0.0,
        description="Cross-lingual: weight of the surrounding passage's cosine in a sentence's score.",
    )
    multilingual_hub_weight: float = Field(
        0.3,
        ge=0.0,
        description="Cross-lingual: a sentence's score loses this many times its closeness to questions it does "
        "not answer (mean of its best cosines with every language's everyday questions; CSLS), so broad "
        "sentences stop outranking the one that answers (dev translations); 0 turns it off.",
    )
    multilingual_hub_share: float = Field(
        1 / 28,
        gt=0.0,
        le=1.0,
        description="Cross-lingual: the share of every language's everyday questions, the closest to a sentence, "
        "whose mean is its hubness (10 of the 280 questions of seven languages). A share, so that a language "
        "added to the assistant does not change how any other language's quotes rank.",
    )
    multilingual_sentence_margin: float = Field(
        0.06,
        ge=0.0,
        description="Cross-lingual: a quote scores at most this far below the best one (the model's cosines "
        "sit in a narrow band; dev splits).",
    )
    multilingual_not_found_margin: float = Field(
        1.25,
        description="Cross-lingual gate: not_found below the multilingual everyday questions' quantile plus this "
        "many spreads (dev translations).",
    )
    multilingual_low_confidence_margin: float = Field(
        2.25,
        description="Cross-lingual gate: low confidence below the everyday quantile plus this many spreads.",
    )
    multilingual_relevance_floor: float = Field(
        0.8,
        description="Cross-lingual gate: least best-sentence cosine ever answered, on the multilingual model's "
        "scale (dev translations).",
    )

    # --- composition -------------------------------------------------------------------------------
    max_citations: int = Field(4, ge=1, description="Most quotes in one answer.")
    max_quotes_per_source: int = Field(3, ge=1, description="Most quotes from any one document.")
    sentence_min_ratio: float = Field(
        0.8, ge=0.0, le=1.0, description="A quote must score at least this fraction of the best quote."
    )
    quote_asked_terms: bool = Field(
        True,
        description="When no quote uses a word the question asks with and a sentence of a quoted document does, "
        'quote that sentence too ("How is X treated?": the sentence on treatment, which need not name X).',
    )
    asked_term_min_ratio: float = Field(
        0.6, ge=0.0, le=1.0, description="Such a sentence scores at least this fraction of the best quote."
    )
    redundancy_threshold: float = Field(
        0.9, description="Quotes more similar than this to an already chosen quote are skipped as repeats."
    )

    # --- questions ---------------------------------------------------------------------------------
    max_question_chars: int = Field(2000, ge=1, description="Longer questions raise InvalidQuestion.")
    history_turns: int = Field(6, ge=0, description="Recent conversation turns read with the question.")

    # --- dosing ------------------------------------------------------------------------------------
    dosing_similarity_threshold: float = Field(
        0.62,
        ge=0.0,
        le=1.0,
        description="A question this similar (cosine) to a dosing example may be a dosing request (calibrated in eval).",
    )
    dosing_margin: float = Field(
        0.04,
        description="...and it must be this much closer to the dosing examples than to the benign near-miss ones.",
    )
    dosing_context_user_turns: int = Field(
        3, ge=0, description="Earlier user turns read with a follow-up question ('and how often?')."
    )
    dosing_min_model_script_ratio: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="Share of Latin letters a text needs before the English embedding model is trusted on it.",
    )

    # --- contradictions ---------------------------------------------------------------------------
    conflict_neighbours: int = Field(
        8, ge=1, description="Nearest claims in other documents each claim is paired with (map cost O(n·k))."
    )
    conflict_same_doc_gap: int = Field(
        4, ge=1, description="Claims of one document are paired only when at least this many claims apart."
    )
    conflict_min_similarity: float = Field(
        0.3, description="Candidate pairs less similar than this (cosine) are not classified."
    )
    conflict_min_document_similarity: float = Field(
        0.7,
        ge=-1.0,
        le=1.0,
        description="Claims of two documents are paired only when the documents (each the mean of its claims' "
        "vectors) are at least this similar: about the same subject. On the embedding model's scale: the seed "
        "corpus's five articles on one plant are 0.89-0.95 alike; abstracts of studies whose claims the rules had set "
        "against each other, 0.45 at the median. Two claims that name their subject in the same words, one of them "
        "specific, are paired whatever their documents' likeness.",
    )
    conflict_memory_claims: int = Field(
        50_000,
        ge=0,
        description="Up to this many claims in the map, claims of other documents are paired in memory with exact "
        "similarities; above it, through Chroma's index (one query per document and pairing key), whose cost "
        "grows near-linearly where the exact search would grow with the square of the claims.",
    )
    conflict_min_confidence: float = Field(
        0.5, ge=0.0, le=1.0, description="Contradictions below this classifier confidence are not stored."
    )
    conflicts_per_answer: int = Field(
        3, ge=0, description="Most disagreement blocks attached to one answer (one block per dispute)."
    )
    dispute_unfound_share: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="A disagreement's side from a document the question's retrieval did not find is shown only "
        "when it is at least this share as similar to the question as the pair's closer side.",
    )
    dispute_sides_max: int = Field(
        6, ge=2, description="Most sides one disagreement block quotes (pairs sharing a side or topic merge)."
    )
    direct_quotes_per_group: int = Field(
        2,
        ge=0,
        description="A yes/no question opens with the claims that say yes and those that say no: at most this "
        "many quotes each (0: off).",
    )

    # --- UI ----------------------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address the UI binds to.")
    port: int = Field(7860, ge=0, le=65535, description="Port the UI listens on.")
    auth_user: str | None = Field(None, description="Basic-auth user for the UI (with auth_password).")
    auth_password: SecretStr | None = Field(None, description="Basic-auth password for the UI.")
    uploads: bool = Field(
        False,
        description="Let the UI add documents to the corpus folder (Documents tab). Off by default; on an "
        "address other than loopback it also needs auth_user and auth_password.",
    )

"""Stage 1, ingest: corpus files -> documents -> passages and sentences with offsets -> embeddings -> Chroma.

In: the files of ``Settings.corpus_dir``. Out: the store (passages, sentences, their vectors and metadata) and an
``IndexReport``. Holds the embedder (where the model comes from) and the Chroma connection that later stages read.
Incremental by content hash: unchanged documents are not re-embedded.
"""

"""Page numbers for citations into paged documents (PDF): the page where each quote starts."""

from __future__ import annotations

from collections.abc import Mapping

from rag.types import Answer, Citation, Document


def with_pages(answer: Answer, paged: Mapping[str, Document]) -> Answer:
    """``answer`` with ``page`` set on every citation and contradiction side that quotes a paged document."""
    if not paged:
        return answer

    def cite(citation: Citation) -> Citation:
        document = paged.get(citation.source_id)
        if document is None:
            return citation
        return citation.model_copy(update={"page": document.page_at(citation.start)})

    contradictions = [
        c.model_copy(update={"sides": [cite(side) for side in c.sides]}) for c in answer.contradictions
    ]
    return answer.model_copy(
        update={"citations": [cite(c) for c in answer.citations], "contradictions": contradictions}
    )

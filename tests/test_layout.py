"""The tree shows the pipeline: no module imports a stage later in the flow, and text tools exist once."""

from __future__ import annotations

import ast
from pathlib import Path

import rag

PACKAGE = Path(rag.__file__).parent
# The flow, earliest first; a module may import its own stage and earlier ones, never a later one.
STAGES = [
    ("rag.types", "rag.settings", "rag.errors"),
    ("rag.text",),
    ("rag.ingest",),
    ("rag.retrieval",),
    ("rag.safety",),
    ("rag.answer",),
    ("rag.assistant",),
    ("rag.ui", "rag.evaluation", "rag.benchmark", "rag.cli", "rag"),
]


def _rank(module: str) -> int:
    best = (-1, len(STAGES) - 1)
    for rank, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), rank)
    return best[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rag"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "rag")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("rag"))
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_stage_imports_a_later_stage() -> None:
    backwards = []
    for path in _modules():
        here = _module_name(path)
        for imported in _imports(path):
            if imported != "rag" and _rank(imported) > _rank(here):
                backwards.append(f"{here} imports {imported}")
    assert not backwards, backwards


def test_the_rank_function_sees_a_backward_import() -> None:
    # Guards the guard: the retrieval stage importing the answer stage must rank as backwards.
    assert _rank("rag.answer.compose") > _rank("rag.retrieval.retriever")
    assert _rank("rag.text.tokens") < _rank("rag.ingest.chunking")
    assert _rank("rag.safety.dosing.detector") < _rank("rag.answer.quotes")


def test_one_tokenize_and_one_stem() -> None:
    defined: dict[str, list[str]] = {"tokenize": [], "stem": []}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in defined:
                defined[node.name].append(_module_name(path))
    assert defined == {"tokenize": ["rag.text.tokens"], "stem": ["rag.text.tokens"]}


def test_every_stage_folder_says_what_enters_and_leaves() -> None:
    for folder in ("text", "ingest", "retrieval", "safety", "answer", "ui"):
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, folder


def test_ci_and_the_browser_test_look_for_the_same_chromium() -> None:
    # .ci/run installs Chromium where the browser test looks for it, or fails; they share one variable.
    repo = PACKAGE.parent
    ci = (repo / ".ci" / "run").read_text(encoding="utf-8")
    browser_test = (repo / "tests" / "test_browser.py").read_text(encoding="utf-8")
    assert 'export RAG_CHROMIUM="${RAG_CHROMIUM:-/usr/bin/chromium}"' in ci
    assert (
        'CHROMIUM_ENV = "RAG_CHROMIUM"' in browser_test
        and 'CHROMIUM_DEFAULT = "/usr/bin/chromium"' in browser_test
    )
    assert "--out" in ci and "rag eval --quick" in ci  # the quick eval never writes into eval/

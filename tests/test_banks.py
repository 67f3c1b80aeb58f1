"""Example banks and word lists are data files, not Python literals; the dosing banks load, validate and ship."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

import rag
from rag.safety.dosing.bank import (
    CUE_NAMES,
    BankError,
    ExampleFile,
    NormalisationFile,
    PassageFile,
    RequestFile,
    build_banks,
    load_banks,
)

PACKAGE = Path(rag.__file__).parent
ROOT = PACKAGE.parent
MAX_STRINGS = 40  # distinct string constants one literal may hold before it counts as a bank
MAX_WORDS = 40  # words in one string that is split into a word list
# Documented general-vocabulary tables (function words, negations, hedges, units: no example sentences, no topic)
# that the claim rules read; moving them is the contradictions layer's own change.
ALLOWED = {"safety/contradictions/lexicon.py"}
_LITERALS = (ast.Tuple, ast.List, ast.Set, ast.Dict)
_WORD = re.compile(r"[\w'’-]+")


def literal_banks(source: str) -> list[str]:
    """Where ``source`` holds a long literal bank: a literal (nesting included) with more than MAX_STRINGS
    distinct strings, or a word list written as one string of more than MAX_WORDS words and split."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, _LITERALS) and not isinstance(parents.get(node), _LITERALS):
            strings = {
                n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
            if len(strings) > MAX_STRINGS:
                found.append(f"line {node.lineno}: a literal of {len(strings)} strings")
        if isinstance(node, ast.Call):
            texts = list(node.args)
            if isinstance(node.func, ast.Attribute) and node.func.attr == "split":
                texts.append(node.func.value)
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    words = text.value.split()
                    if len(words) > MAX_WORDS and all(_WORD.fullmatch(word) for word in words):
                        found.append(f"line {node.lineno}: a word list of {len(words)} words")
    return found


def test_no_module_holds_a_literal_bank() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name not in ALLOWED:
            found = literal_banks(path.read_text(encoding="utf-8"))
            if found:
                offenders[name] = found
    assert not offenders, offenders


@pytest.mark.parametrize(
    "source",
    [
        "BANK = (" + ", ".join(f'"row {i}"' for i in range(41)) + ")",
        "BANK = {'k': ["
        + ", ".join(f'"row {i}"' for i in range(30))
        + "], 'j': ["
        + ", ".join(f'"other {i}"' for i in range(30))
        + "]}",
        "RULES = (" + ", ".join(f'("amount", "name-{i}", r"rx{i}")' for i in range(20)) + ",)",
        "WORDS = frozenset('" + " ".join(f"w{i}" for i in range(41)) + "'.split())",
    ],
)
def test_the_bank_check_catches_banks(source: str) -> None:
    assert literal_banks(source)


def test_the_bank_check_leaves_short_tables_and_prose() -> None:
    prose = " ".join(["A sentence of help, with punctuation."] * 20)
    assert not literal_banks(
        f"LABELS = {tuple(f'label {i}' for i in range(MAX_STRINGS))!r}\nHELP = {prose!r}"
    )


def test_allowed_modules_are_vocabulary() -> None:
    for name in ALLOWED:
        doc = ast.get_docstring(ast.parse((PACKAGE / name).read_text(encoding="utf-8"))) or ""
        assert "vocabulary" in doc and "topic" in doc


def test_data_files_ship_with_the_package() -> None:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]
    for folder in PACKAGE.rglob("data"):
        package = ".".join(folder.parent.relative_to(ROOT).parts)
        for path in (p for p in folder.rglob("*") if p.is_file()):  # nested folders too (messages/)
            rel = path.relative_to(folder.parent).as_posix()
            assert any(Path(rel).match(g) for g in globs.get(package, [])), f"{package}: {rel} not shipped"


# --- the dosing banks ------------------------------------------------------------------------------------------
def test_packaged_banks_load_once_and_complete() -> None:
    banks = load_banks()
    assert load_banks() is banks
    assert len(banks.requests) >= 100 and len(banks.guidance) >= 10
    assert {kind for kind, _, _ in banks.requests} >= set(banks.dosing_examples)
    assert len(banks.benign_examples) >= 50 and sum(map(len, banks.dosing_examples.values())) >= 50
    assert all(rx.flags & re.IGNORECASE for _, rx in banks.guidance)
    # Fragments are expanded: no placeholder survives into a compiled pattern.
    placeholder = re.compile(r"\{[A-Z][A-Z0-9_]*\}")
    assert not any(placeholder.search(rx.pattern) for _, _, rx in banks.requests)
    assert banks.named_amount.search("about 2-4 g") and banks.body_weight.search("I'm 70 kg")
    assert "does" in banks.not_typos and banks.shorthand["hw"] == "how"


def _files(**changes: object) -> tuple[RequestFile, PassageFile, ExampleFile, NormalisationFile]:
    requests = {
        "fragments": {
            "UNIT": "(?:mg|g)",
            "NUMERIC_DOSE": r"\d+\s*{UNIT}",
            "BODY_WEIGHT": r"\d+ kg",
            "BEHAVIOUR": "gambling",
            "BEHAVIOUR_OTHER": "apuestas",
            "BEHAVIOUR_QUESTION": r"how much {BEHAVIOUR}",
        },
        "patterns": [{"kind": "amount", "name": "named", "regex": ["{NUMERIC", "_DOSE}"]}],
        "cues": {name: r"\bx\b" for name in CUE_NAMES},
    }
    passages = {
        "ignore_case": True,
        "fragments": {"ROUTINE_PASSAGE": "^gamble", "ROUTINE_CLAUSE_END": "[.,]"},
        "patterns": [{"name": "dose", "regex": "{NUMERIC_DOSE}"}],
    }
    requests.update({k: v for k, v in changes.items() if k in requests})
    passages.update({k[2:]: v for k, v in changes.items() if k.startswith("p_")})
    return (
        RequestFile.model_validate(requests),
        PassageFile.model_validate(passages),
        ExampleFile.model_validate({"dosing": {"amount": ["How much?"]}, "benign": ["Is it legal?"]}),
        NormalisationFile.model_validate({"shorthand": {}, "typo_targets": [], "not_typos": []}),
    )


def test_a_small_bank_builds_and_joins_pieces() -> None:
    banks = build_banks(*_files())
    assert banks.requests[0][2].pattern == r"\d+\s*(?:mg|g)"
    assert banks.guidance[0][1].search("TAKE 5 MG")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"patterns": [{"kind": "amount", "name": "a", "regex": "{NOT_DEFINED}"}]}, "NOT_DEFINED"),
        ({"patterns": [{"kind": "amount", "name": "a", "regex": "(unclosed"}]}, "missing"),
        (
            {"fragments": {"LATER": "{UNIT}", "UNIT": "mg", "NUMERIC_DOSE": "1", "BODY_WEIGHT": "2"}},
            "UNIT",  # used before it is defined
        ),
        ({"fragments": {"UNIT": "mg", "NUMERIC_DOSE": "1"}, "patterns": []}, "BODY_WEIGHT"),
        ({"p_patterns": [{"name": "a", "regex": "{TYPO}"}]}, "TYPO"),
    ],
)
def test_a_bad_bank_fails_to_build(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(BankError, match=reason):
        build_banks(*_files(**changes))


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (
            RequestFile,
            {"fragments": {}, "patterns": [{"kind": "dose", "name": "a", "regex": "x"}], "cues": {}},
        ),
        (RequestFile, {"fragments": {}, "patterns": [], "cues": {"WHY_QUESTION": "x"}}),  # cues missing
        (
            RequestFile,
            {
                "fragments": {},
                "patterns": [{"kind": "amount", "name": "a", "regex": "x"}] * 2,  # a name used twice
                "cues": {name: "x" for name in CUE_NAMES},
            },
        ),
        (ExampleFile, {"dosing": {"amount": ["How much?", "How much?"]}, "benign": []}),
        (ExampleFile, {"dosing": {}, "benign": ["  "]}),
        (PassageFile, {"ignore_case": True, "fragments": {}, "patterns": [], "extra": 1}),
    ],
)
def test_a_malformed_file_is_rejected(model: type[BaseModel], data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        model.model_validate(data)

"""The `rag` command: a thin layer over the library; library errors become messages here, at the edge."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import InvalidQuestion, StoreError
from rag.settings import Settings
from rag.types import Answer, IndexReport

if TYPE_CHECKING:
    from rag.assistant import Assistant

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1") if _packaged_model() else None
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        settings = Settings()
    except ValueError as exc:  # bad settings from the environment
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.run(args, settings))
    except (InvalidQuestion, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`rag ask ... | head`): nothing is wrong and nothing is left to say.
        _stdout_to_devnull()
        return 141
    except Exception as exc:  # a bug: one line for the user, the traceback with --verbose
        if args.verbose:
            raise
        print(f"error: unexpected {exc.__class__.__name__}: {exc} (run with -v for details)", file=sys.stderr)
        return 1


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit does not fail on the closed pipe."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: nothing will flush into the pipe
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _packaged_model() -> bool:
    # The default model ships inside a package; a hub lookup could only hang on this network.
    return os.environ.get("RAG_EMBED_MODEL", "all-MiniLM-L6-v2") in ("all-MiniLM-L6-v2",)


def _argv_text(text: str) -> str:
    """Arguments that are not valid UTF-8 arrive as surrogate escapes, which no tokenizer or JSON encoder
    accepts; they become U+FFFD, as a terminal would show them."""
    return text if text.isascii() else text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Answers from the documents, quoted and cited.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    index = sub.add_parser("index", help="index the corpus (only new or changed documents are embedded)")
    index.add_argument("--rebuild", action="store_true", help="drop the store and index from scratch")
    index.add_argument(
        "--watch",
        action="store_true",
        help="then keep watching the corpus folder and index what changes (every RAG_WATCH_SECONDS); Ctrl-C stops",
    )
    index.set_defaults(run=_index)

    ask = sub.add_parser("ask", help="ask one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the Answer record as JSON")
    ask.set_defaults(run=_ask)

    serve = sub.add_parser("serve", help="start the chat UI")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(run=_serve)

    evaluate = sub.add_parser("eval", help="run the evaluation suites and write eval/report.*")
    evaluate.add_argument(
        "--external", default=None, help="folder of external test sets (../shared/external-eval)"
    )
    evaluate.add_argument(
        "--dataset",
        action="append",
        default=None,
        help="score your own questions (jsonl: qa rows, or rows without sources that should be not_found); repeatable",
    )
    evaluate.add_argument(
        "--check", action="store_true", help="exit non-zero when a figure is below threshold"
    )
    evaluate.add_argument(
        "--quick",
        action="store_true",
        help="a smaller run for CI; writes to a temporary folder unless --out is given",
    )
    evaluate.add_argument(
        "--out",
        default=None,
        type=Path,
        help="folder for the report and plots (default: the eval folder; a temporary one with --quick)",
    )
    evaluate.add_argument(
        "--foreign",
        nargs="?",
        const="",
        default=None,
        metavar="ROOT",
        help="score corpora written by others (PubMedQA, COVID-QA, MedQuAD, ExpertQA) built from ROOT "
        "(default $RAG_EXTERNAL_EVAL or ../shared/external-eval): writes eval/report_foreign.*",
    )
    evaluate.add_argument(
        "--foreign-limit",
        action="append",
        default=None,
        metavar="NAME=N",
        help="documents (MedQuAD: subjects; ExpertQA: questions) per corpus, N or 'all'; a bare N applies to every corpus; repeatable",
    )
    evaluate.add_argument(
        "--foreign-corpus",
        action="append",
        default=None,
        choices=["pubmedqa", "covid_qa", "medquad", "expertqa"],
        help="only this corpus (repeatable; default all four)",
    )
    evaluate.add_argument(
        "--foreign-cache",
        default=None,
        metavar="DIR",
        help="where foreign corpora and their stores are cached (default $RAG_FOREIGN_CACHE or ~/.cache/rag-foreign)",
    )
    evaluate.set_defaults(run=_eval)

    bench = sub.add_parser("bench", help="measure speed and memory, write benchmarks/results.*")
    bench.add_argument("--quick", action="store_true", help="a short run for CI")
    bench.set_defaults(run=_bench)
    return parser


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from rag.assistant import Assistant
    from rag.ingest.progress import IndexProgress

    assistant = Assistant(settings)
    bar: tqdm | None = None
    if not args.verbose:
        # The report printed below names every skipped file; the corpus scan's own warning would repeat it.
        logging.getLogger("rag.ingest.corpus").setLevel(logging.ERROR)

    def progress(state: IndexProgress) -> None:
        nonlocal bar
        if bar is None:
            # tqdm's own ETA and rate would start with the model's warm-up; the postfix carries ours.
            bar = tqdm(total=state.texts_total, unit="text", desc="embedding", file=sys.stderr)
        bar.update(state.texts_done - bar.n)
        eta = "" if state.eta_seconds is None else f", ETA {state.eta_seconds:.0f} s"
        bar.set_postfix_str(
            f"{state.documents_done}/{state.documents_total} docs{eta}, {state.source_id}", refresh=True
        )
        if state.phase != "embedding":
            bar.close()
            print(state.line(), file=sys.stderr)

    print(f"indexing {settings.corpus_dir} into {assistant.store.location} ...", file=sys.stderr)
    report = assistant.index(rebuild=args.rebuild, on_progress=progress)
    if bar is not None:
        bar.close()
    _print_report(report)
    if args.watch:
        return _watch(assistant, settings)
    return 0


def _print_report(report: IndexReport) -> None:
    for skipped in report.skipped:
        print(f"warning: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    print(report.summary(), flush=True)


def _watch(assistant: Assistant, settings: Settings) -> int:
    from rag.ingest.watch import watch

    print(
        f"watching {settings.corpus_dir} every {settings.watch_seconds:g} s (Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )

    def reindex() -> None:
        try:
            _print_report(assistant.index())
        except StoreError as exc:  # the store may come back: say so and keep watching
            print(f"error: {exc}", file=sys.stderr, flush=True)

    try:
        watch(settings.corpus_dir, reindex, settings.watch_seconds, exclude=settings.store_dir)
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr)
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from rag.assistant import Assistant

    answer = Assistant(settings).ask(_argv_text(args.question))
    if args.json:
        print(answer.model_dump_json(indent=2))
        return 0
    print(answer.text)
    _print_disputes(answer)
    _print_citations(answer)
    return 0


def _print_citations(answer: Answer) -> None:
    """Where each numbered quote is, its fixed words in the language the question was read in."""
    from rag.answer.messages import messages_for

    texts = messages_for(answer.language)
    if answer.citations:
        print()
        for n, c in enumerate(answer.citations, start=1):
            page = f"{texts.ui_page.format(page=c.page)}, " if c.page is not None else ""
            where = texts.cli_characters.format(start=c.start, end=c.end)
            print(f"[{n}] {c.title} ({c.source_id}, {page}{where})")


def _print_disputes(answer: Answer) -> None:
    """The sides of each disagreement, which the reply only points to; a side the reply quotes is referred to
    by its number, so no quote is printed twice."""
    from rag.answer.messages import messages_for
    from rag.answer.topic_labels import label_in

    if not answer.contradictions:
        return
    texts = messages_for(answer.language)
    quoted = {int(n) for n in re.findall(r"” \[(\d+)\]", answer.text)}
    print()
    print(texts.ui_disagree_title)
    for block in answer.contradictions:
        print(texts.cli_on_topic.format(topic=label_in(texts.language, block.topic)))
        for side in block.sides:
            n = next((i for i, c in enumerate(answer.citations, start=1) if c.covers(side)), None)
            marker = f"[{n}] " if n else ""
            if n in quoted:
                print(f"- {marker}{texts.cli_quoted_above}")
            else:
                print(f"- {marker}“{side.quote}” ({side.title})")
        if block.note:
            print(f"  {block.note}")


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from rag.ui.app import serve

    updates = {k: v for k, v in {"host": args.host, "port": args.port}.items() if v is not None}
    serve(settings.model_copy(update=updates))
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from rag.evaluation.cli import run_eval, run_foreign_eval

    if args.foreign is not None:
        return run_foreign_eval(
            settings,
            root=Path(args.foreign) if args.foreign else None,
            limit=args.foreign_limit,
            corpora=args.foreign_corpus,
            cache=Path(args.foreign_cache) if args.foreign_cache else None,
            check=args.check,
            quick=args.quick,
            out_dir=args.out,
        )
    return run_eval(
        settings,
        external=args.external,
        dataset=args.dataset,
        check=args.check,
        quick=args.quick,
        out_dir=args.out,
    )


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from rag.benchmark import run_bench

    return run_bench(settings, quick=args.quick)


if __name__ == "__main__":
    sys.exit(main())

"""The ``noblesse`` command: the terminal surface and the server's entry point."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from adapters.terminal.render import render_assessment
from bot.errors import InputError
from bot.footing import analyze
from bot.footing.evaluation import evaluate, format_report, load_examples, shipped_corpus
from bot.footing.model import Assessment

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noblesse",
        description="Noblesse: a sales coach that trains equal footing with demanding customers.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    feedback = sub.add_parser("feedback", help="judge the footing of a draft message")
    feedback.add_argument("text", nargs="?", help="the draft (omit with --batch/--interactive)")
    feedback.add_argument("--lang", help="force the language: nl or en")
    mode = feedback.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the assessment as JSON")
    mode.add_argument("--batch", action="store_true", help="JSON lines in, JSON lines out")
    mode.add_argument("--interactive", action="store_true", help="check drafts one by one")
    feedback.add_argument("--offline", action="store_true", help="never use a language model")

    evaluation = sub.add_parser("eval", help="score the analyser on a labelled JSONL corpus")
    evaluation.add_argument("file", type=Path)
    evaluation.add_argument("--misses", action="store_true", help="list misclassified lines")

    chat = sub.add_parser("chat", help="role-play with a demanding customer in the terminal")
    chat.add_argument("--scenario", help="scenario id (see `noblesse scenarios`); random if absent")
    chat.add_argument("--difficulty", choices=["easy", "normal", "hard"], default=None)
    chat.add_argument("--lang", choices=["nl", "en"], default=None)
    chat.add_argument("--seed", type=int, default=None, help="same seed, same customer")
    chat.add_argument("--resume", action="store_true", help="continue the last role-play")
    chat.add_argument("--json", action="store_true", help="JSON lines: one object per turn")
    chat.add_argument("--offline", action="store_true", help="never use a language model")

    sub.add_parser("scenarios", help="list the role-play scenarios")

    package = sub.add_parser("teams-package", help="build the Microsoft Teams app package (zip)")
    package.add_argument("--output", type=Path, default=Path("noblesse-teams.zip"))

    serve = sub.add_parser("serve", help="run the server: web playground, Slack, Teams, tips")
    from adapters.server.main import add_serve_arguments

    add_serve_arguments(serve)

    train = sub.add_parser("train-footing", help="refit the analyser's learned layer")
    train.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="folder of *.jsonl parts (default: the shipped corpus)",
    )
    train.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the weights (default: the package's weights.json)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(_parser().parse_args(argv))
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    if args.command == "feedback":
        return _feedback(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "chat":
        return asyncio.run(_chat(args))
    if args.command == "scenarios":
        return _scenarios()
    if args.command == "teams-package":
        from adapters.teams.package import main as teams_package

        return teams_package(args)
    if args.command == "serve":
        from adapters.server.main import serve as run_serve

        return run_serve(args)
    if args.command == "train-footing":
        return _train(args)
    return EXIT_USAGE


def _stdin_text() -> TextIO:
    """stdin decoded strictly as UTF-8 (undecodable lines are reported, not crashed on)."""
    return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict")


def _feedback(args: argparse.Namespace) -> int:
    if args.batch:
        return _feedback_batch(args.lang)
    if args.interactive:
        return _feedback_interactive(args.lang)
    text = args.text
    if text is None and not sys.stdin.isatty():
        try:
            text = _stdin_text().read()
        except UnicodeDecodeError:
            print("noblesse: the input is not valid UTF-8 text.", file=sys.stderr)
            return EXIT_USAGE
    if text is None or not text.strip():
        print(
            'noblesse: give me a draft to check, e.g. noblesse feedback "We can do 5% if you '
            'sign for two years."',
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        assessment = (
            analyze(text, args.lang) if args.offline else asyncio.run(_judged(text, args.lang))
        )
    except InputError as exc:
        print(f"noblesse: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(assessment.to_dict(), ensure_ascii=False))
    else:
        print(render_assessment(assessment, colour=sys.stdout.isatty()))
    return EXIT_OK


async def _judged(text: str, lang: str | None) -> Assessment:
    """The assessment, from the language model when one is configured (the offline analyser
    otherwise, and whenever the model fails)."""
    from bot.settings import Settings

    settings = Settings.from_env()
    if not settings.llm.enabled:
        return analyze(text, lang)
    from adapters.terminal.console import terminal_user
    from bot.coach.model_backed import build_collaborators

    judge, _voice, gateway = build_collaborators(settings)
    try:
        return (await judge.judge(text, lang, terminal_user())).assessment
    finally:
        if gateway is not None:
            await gateway.aclose()


def _feedback_batch(lang: str | None) -> int:
    """One JSON line per input line, in order; a bad line yields an error object."""
    stream = sys.stdin.buffer
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        print(json.dumps(_batch_line(raw, number, lang), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return EXIT_OK


def _batch_line(raw: bytes, number: int, lang: str | None) -> dict[str, object]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"id": None, "line": number, "error": "the line is not valid UTF-8"}
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": number, "error": f"not valid JSON: {exc.msg}"}
    if not isinstance(item, dict):
        return {"id": None, "line": number, "error": "expected a JSON object with id and text"}
    ident = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": ident, "error": "'text' must be a string"}
    item_lang = item.get("lang", lang)
    if item_lang is not None and not isinstance(item_lang, str):
        return {"id": ident, "error": "'lang' must be a string"}
    try:
        assessment = analyze(text, item_lang)
    except InputError as exc:
        return {"id": ident, "error": str(exc)}
    return {"id": ident, **assessment.to_dict()}


def _feedback_interactive(lang: str | None) -> int:
    print("Noblesse draft check. Type or paste a message to a customer and press Enter;")
    print("an empty line or Ctrl-D quits. (Typ of plak een bericht; lege regel stopt.)\n")
    colour = sys.stdout.isatty()
    while True:
        try:
            text = input("draft> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return EXIT_OK
        if not text.strip():
            return EXIT_OK
        try:
            print(render_assessment(analyze(text, lang), colour=colour), end="\n\n")
        except InputError as exc:
            print(f"noblesse: {exc}\n")


def _eval(args: argparse.Namespace) -> int:
    try:
        examples = load_examples(args.file)
    except (OSError, ValueError) as exc:
        print(f"noblesse: cannot read the corpus: {exc}", file=sys.stderr)
        return EXIT_USAGE
    reports, misses = evaluate(examples)
    print(format_report(reports), end="")
    if args.misses:
        for miss in misses:
            print(
                f"{miss.example.id}\tgold={miss.example.label}\tgot={miss.predicted}\t"
                f"{miss.example.text!r}"
            )
    return EXIT_OK


async def _chat(args: argparse.Namespace) -> int:
    from adapters.terminal.console import ConsoleChat
    from bot.coach.coach import Coach
    from bot.settings import Settings
    from bot.store import Store, StoreError

    settings = Settings.from_env()
    try:
        store = await Store.from_settings(settings)
    except StoreError as exc:
        print(f"noblesse: {exc}", file=sys.stderr)
        return EXIT_ERROR
    gateway = None
    try:
        if args.offline:
            coach = Coach(store)
        else:
            from bot.coach.model_backed import build_collaborators

            judge, voice, gateway = build_collaborators(settings, store)
            coach = Coach(store, judge=judge, voice=voice)
        chat = ConsoleChat(coach, colour=sys.stdout.isatty() and not args.json)
        if args.resume:
            session = await chat.resume()
            if session is None:
                print(
                    "noblesse: there is no role-play to resume; starting a new one.",
                    file=sys.stderr,
                )
            elif not args.json:
                print(
                    f"Resuming: {session.scenario} ({session.difficulty}), turn "
                    f"{session.turn_count}."
                )
                print(f"{session.state.get('line', '')}\n")
        if not args.resume or await chat.resume() is None:
            replies = await chat.start(args.scenario, args.difficulty, args.lang, args.seed)
            if args.json:
                print(json.dumps({"start": [r.text for r in replies]}, ensure_ascii=False))
            else:
                chat.show(replies)
            if await chat.resume() is None:
                return EXIT_USAGE  # the scenario was unknown: the list was shown
        stdin = _stdin_text()
        return await (chat.json_lines(stdin) if args.json else chat.interactive(stdin))
    finally:
        if gateway is not None:
            await gateway.aclose()
        await store.close()


def _train(args: argparse.Namespace) -> int:
    """Fit the stance model on every corpus part except the held-out one, which stays
    unseen, and the routine gate on the everyday messages against all of those."""
    from bot.footing.training import fit, fit_routine, routine_parts, training_parts

    folder = args.corpus or shipped_corpus("train").parent
    parts = training_parts(folder)
    examples = [example for part in parts for example in load_examples(part)]
    routine = [example for part in routine_parts(folder) for example in load_examples(part)]
    out = args.out or folder.parent / "weights.json"
    model = fit(examples)
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    names = ", ".join(p.name for p in parts)
    print(
        f"stance model: {len(examples)} messages ({names}); {len(model.weights)} weights -> {out}"
    )
    if routine:
        gate = fit_routine(examples, routine)
        gate_out = out.with_name("routine.json")
        gate_out.write_text(gate.to_json() + "\n", encoding="utf-8")
        print(
            f"routine gate: {len(routine)} everyday messages; {len(gate.weights)} weights -> "
            f"{gate_out}"
        )
    return EXIT_OK


def _scenarios() -> int:
    from bot.customer.scenario import load_scenarios

    for scenario in sorted(load_scenarios(), key=lambda s: s.id):
        print(f"{scenario.id:<22} {scenario.title.en}  /  {scenario.title.nl}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())

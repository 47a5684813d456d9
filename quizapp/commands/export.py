"""`quizapp export --format apkg|csv|json -o PATH [DECK...]`: decks (and progress) out.

apkg and csv are for reading elsewhere (Anki, a spreadsheet); json is the
lossless form that `quizapp import` reads back: decks in the YAML schema shape
plus the full review log. The file is written beside its target and renamed into
place, so a failed export never leaves a half-written file.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from quizapp.errors import QuizError, UsageError

FORMATS = ("apkg", "csv", "json")


def register(sub) -> None:
    parser = sub.add_parser("export", help="export decks to Anki (.apkg), CSV or JSON (with progress)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from the file suffix)")
    parser.add_argument("-o", "--output", required=True, metavar="PATH", help="file to write")
    parser.add_argument("decks", nargs="*", metavar="DECK", help="only these decks (default: all)")
    parser.set_defaults(run=run)


def _format(args) -> str:
    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"cannot tell the format of {args.output}; pass --format apkg, csv or json")
    return fmt


def _select(library, names: list[str]):
    if not names:
        return list(library.decks)
    known = {d.name: d for d in library.decks}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown deck {unknown[0]!r}; known: {', '.join(sorted(known))}")
    return [known[n] for n in names]


class _Extras:
    """What a static format (apkg, csv) needs beyond a card: a worked numeric example
    (computed with torch) or the coding exercise. Remembers cards left unsolved."""

    def __init__(self, exercises: dict):
        self.exercises, self.unsolved = exercises, []

    def __call__(self, card):
        from quizapp.cards import CodeCard, NumericCard
        from quizapp.interchange.numeric import worked_example

        if isinstance(card, NumericCard):
            example = worked_example(card)
            if example.error:
                self.unsolved.append(f"{card.id}: answer not computed ({example.error})")
            return example, None
        if isinstance(card, CodeCard):
            return None, self.exercises.get(card.exercise)
        return None, None


def _write_apkg(decks, extras: _Extras, part: Path, progress) -> str:
    from quizapp.interchange.anki import note_for, write_apkg

    count = write_apkg(decks, part, lambda card: note_for(card, *extras(card)), progress.step)
    return f"{count} cards in {len(decks)} deck(s)"


def _write_csv(decks, extras: _Extras, part: Path, progress) -> str:
    from quizapp.interchange.cardmap import answer_text, question_text
    from quizapp.interchange.csv_json import write_csv

    def rows():
        for card in (c for d in decks for c in d.cards):
            example, exercise = extras(card)
            question = example.question_text() if example else question_text(card)
            answer = answer_text(card, example.answer_text() if example else None,
                                 exercise.solution if exercise else None)
            progress.step()
            yield {"id": card.id, "deck": card.deck, "kind": card.kind, "level": card.level,
                   "tags": " ".join(card.tags), "question": question, "answer": answer,
                   "source": card.source}

    with part.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows(), out)
    return f"{progress.count} cards in {len(decks)} deck(s)"


def _write_json(decks, ctx, part: Path, progress, filtered: bool) -> str:
    """Deck files plus the review log: all of it, or the chosen decks' cards' reviews.
    The exercises deck is built from content/exercises/, not a deck file: left out."""
    import json

    from quizapp.interchange.cardmap import deck_to_dict
    from quizapp.interchange.csv_json import json_document
    from quizapp.library import EXERCISE_DECK
    from quizapp.store import Store

    with Store.open(ctx.db_path) as store:
        reviews = store.reviews()
    if filtered:
        wanted = {c.id for d in decks for c in d.cards}
        reviews = [r for r in reviews if r["card_id"] in wanted]
    yaml_decks = []
    for deck in decks:
        if deck.name != EXERCISE_DECK:
            yaml_decks.append(deck_to_dict(deck))
        progress.step(len(deck.cards))
    part.write_text(json.dumps(json_document(yaml_decks, reviews), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    cards = sum(len(d["cards"]) for d in yaml_decks)
    return f"{cards} cards in {len(yaml_decks)} deck(s) and {len(reviews)} reviews"


def run(args, ctx) -> int:
    from quizapp.interchange.progress import Progress
    from quizapp.interchange.userdecks import library_dirs
    from quizapp.library import load_everything

    fmt = _format(args)
    library, exercises = load_everything(library_dirs(ctx))
    decks = _select(library, args.decks)
    if library.errors:
        print(f"quizapp: {len(library.errors)} deck problem(s) skipped (see `quizapp content check`)",
              file=sys.stderr)
    path = Path(args.output).expanduser()
    part = path.with_name(path.name + ".part")
    progress = Progress("exporting", sum(len(d.cards) for d in decks))
    extras = _Extras(exercises)
    try:
        if fmt == "json":
            summary = _write_json(decks, ctx, part, progress, bool(args.decks))
        else:
            summary = (_write_apkg if fmt == "apkg" else _write_csv)(decks, extras, part, progress)
        os.replace(part, path)
    except OSError as e:
        raise QuizError(f"{path}: cannot write ({e.strerror})") from None
    finally:
        part.unlink(missing_ok=True)
    progress.done()
    for line in extras.unsolved:
        print(f"quizapp: {line}", file=sys.stderr)
    print(f"exported {summary} to {path}")
    return 0

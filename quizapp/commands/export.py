"""`quizapp export --format apkg|csv|json -o PATH [DECK...]`: decks (and progress) out.

apkg and csv are for reading elsewhere (Anki, a spreadsheet); json is the
lossless form that `quizapp import` reads back: decks in the YAML schema shape
plus the full review log. All three hold the same cards: the decks are chosen
once (:func:`_select`) and every writer takes all of their cards. The file is
written beside its target and renamed into place (a FIFO or device is written
into), so a failed export never leaves a half-written file. ``-o -`` writes to
stdout instead (the summary line then goes to stderr); an .apkg is a binary zip,
so, like ``gzip``, export will not write one to a terminal.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from quizapp.errors import QuizError, UsageError
from quizapp.safetext import say

FORMATS = ("apkg", "csv", "json")
STDOUT = "-"


def register(sub) -> None:
    parser = sub.add_parser("export", help="export decks to Anki (.apkg), CSV or JSON (with progress)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from the file suffix)")
    parser.add_argument("-o", "--output", required=True, metavar="PATH", help="file to write ('-': stdout)")
    parser.add_argument("--without-progress", action="store_true",
                        help="apkg: every card new, no review log (a clean deck to share)")
    parser.add_argument("decks", nargs="*", metavar="DECK", help="only these decks (default: all)")
    parser.set_defaults(run=run)


def _format(args) -> str:
    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"cannot tell the format of {args.output}; pass --format apkg, csv or json")
    return fmt


def _check_output(output: str, fmt: str) -> None:
    """Refuse, before any work, to pour a binary .apkg onto a terminal."""
    if output == STDOUT and fmt == "apkg" and sys.stdout.isatty():
        raise UsageError("an .apkg is binary: redirect stdout (-o - > decks.apkg) or give a file name")


def _select(library, names: list[str]):
    """The decks to export, for every format alike: all of them, or the named ones."""
    return library.require_decks(names) if names else list(library.decks)


class _Target:
    """Where the export goes. It is written to :attr:`part` first and only then
    delivered, so a failure never leaves half a file and never half an export in a
    pipe: renamed over a regular file (through a symlink, onto the file it names: the
    link stays), copied into stdout, a FIFO or a device (never replaced by a file)."""

    def __init__(self, output: str, fmt: str):
        self.to_stdout = output == STDOUT
        self.name = "stdout" if self.to_stdout else str(Path(output).expanduser())
        self.path = Path(os.path.realpath(self.name))  # unused for stdout
        self.stream = self.to_stdout or (self.path.exists() and not self.path.is_file() and not self.path.is_dir())
        if self.stream:  # written beside nothing: a temp file, copied in when whole
            handle, name = tempfile.mkstemp(prefix="quizapp-export-", suffix=f".{fmt}")
            os.close(handle)
            self.part = Path(name)
        else:
            self.part = self.path.with_name(self.path.name + ".part")

    def deliver(self) -> None:
        if not self.stream:
            os.replace(self.part, self.path)
            return
        if not self.to_stdout:
            with self.part.open("rb") as written, self.path.open("wb") as out:
                shutil.copyfileobj(written, out)
            return
        if sys.stdout is None:  # started with its stdout closed
            raise OSError(errno.EBADF, "it is closed")
        sys.stdout.flush()
        with self.part.open("rb") as written:
            shutil.copyfileobj(written, sys.stdout.buffer)
        sys.stdout.buffer.flush()

    def discard(self) -> None:
        self.part.unlink(missing_ok=True)


class _Extras:
    """What a static format (apkg, csv) needs beyond a card (:meth:`Card.export_extra`:
    a worked numeric example computed with torch, the coding exercise).
    Remembers what could not be had."""

    def __init__(self, exercises: dict):
        self.exercises = exercises
        self.unsolved: list[str] = []

    def __call__(self, card):
        extra, problem = card.export_extra(self.exercises)
        if problem:
            self.unsolved.append(f"{card.id}: {problem}")
        return extra


def _write_apkg(decks, extras: _Extras, part: Path, progress, ctx, with_progress: bool):
    """The package, with each card's progress and review log unless ``with_progress`` is off.
    Returns the note times (saved once the file is delivered) and the reviews written."""
    from quizapp.interchange.anki import note_for, write_apkg
    from quizapp.interchange.note_mods import NoteMods

    schedule = None
    if with_progress:
        from quizapp.clock import utc_now
        from quizapp.interchange.anki_sched import Schedule
        from quizapp.study.srs import Srs

        with ctx.open_store() as store:
            schedule = Schedule.from_store(store, Srs(ctx.settings), ctx.settings.desired_retention, utc_now())
    mods = NoteMods.load(ctx.data_dir)
    write_apkg(decks, part, lambda card: note_for(card, extras(card)), progress.step, schedule=schedule, mods=mods)
    reviews = schedule.review_count(c.id for d in decks for c in d.cards) if schedule else None
    return mods, reviews


def _write_csv(decks, extras: _Extras, part: Path, progress) -> None:
    from quizapp.interchange.csv_json import write_csv

    def rows():
        for card in (c for d in decks for c in d.cards):
            question, answer = card.csv_sides(extras(card))
            progress.step()
            yield {"id": card.id, "deck": card.deck, "kind": card.kind, "level": card.level,
                   "tags": " ".join(card.tags), "question": question, "answer": answer,
                   "source": card.source}

    with part.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows(), out)


def _write_json(decks, ctx, part: Path, progress, filtered: bool) -> int:
    """Deck files plus the review log: all of it, or the chosen decks' cards' reviews
    (returns how many). The exercises deck goes too (its code cards name their exercises), so the file
    holds the same cards as the other formats; import skips it like any deck that
    is already loaded, and its cards' history merges."""
    import json

    from quizapp.interchange.cardmap import deck_to_dict
    from quizapp.interchange.csv_json import json_document

    with ctx.open_store() as store:
        reviews = store.reviews()
    if filtered:
        wanted = {c.id for d in decks for c in d.cards}
        reviews = [r for r in reviews if r["card_id"] in wanted]
    yaml_decks = []
    for deck in decks:
        yaml_decks.append(deck_to_dict(deck))
        progress.step(len(deck.cards))
    part.write_text(json.dumps(json_document(yaml_decks, reviews), ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return len(reviews)


def run(args, ctx) -> int:
    from quizapp.content.cache import load_cached
    from quizapp.interchange.progress import Progress
    from quizapp.interchange.userdecks import library_dirs

    fmt = _format(args)
    _check_output(args.output, fmt)
    library, exercises = load_cached(library_dirs(ctx), ctx.data_dir / "cache")  # the app's folders: its cache
    decks = _select(library, args.decks)
    if library.errors:
        say(f"{len(library.errors)} deck problem(s) skipped (see `quizapp content check`)")
    cards = sum(len(d.cards) for d in decks)
    progress = Progress("exporting", cards)
    extras = _Extras(exercises)
    target = _Target(args.output, fmt)
    more, mods = "", None
    try:
        if fmt == "json":
            more = f" and {_write_json(decks, ctx, target.part, progress, bool(args.decks))} reviews"
        elif fmt == "apkg":
            mods, reviews = _write_apkg(decks, extras, target.part, progress, ctx, not args.without_progress)
            more = f" and {reviews} reviews" if reviews is not None else " without progress"
        else:
            _write_csv(decks, extras, target.part, progress)
        target.deliver()
    except BrokenPipeError:
        raise  # the reader of stdout left: main() stops quietly
    except OSError as e:
        raise QuizError(f"{target.name}: cannot write ({e.strerror})") from None
    except sqlite3.Error as e:  # the .apkg's collection is an SQLite file: a full disk is its I/O error
        raise QuizError(f"{target.name}: cannot write ({e})") from None
    finally:
        target.discard()
    progress.done()
    if mods is not None:
        mods.save()
        for card_id, was, now in mods.changed_kind:
            say(f"{card_id}: kind changed from {was} to {now} under the same id; Anki keeps the"
                " old note type and text for it (delete that note in Anki before importing, or give the"
                " card a new id)")
    for line in extras.unsolved:
        say(str(line))
    print(f"exported {cards} cards in {len(decks)} deck(s){more} to {target.name}",
          file=sys.stderr if target.to_stdout else sys.stdout)
    return 0

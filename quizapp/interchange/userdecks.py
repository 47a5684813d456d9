"""The user's own deck folder, ``<data_dir>/decks``, where imported decks are written.

An imported deck is validated exactly like any deck: it is written as YAML and
read back through :func:`quizapp.content.deck.load_deck`, then the whole library is
loaded to catch clashes with other decks. If any deck of an import fails, every
file the import touched is put back as it was, so a bad file changes nothing.
A deck already shipped elsewhere (the built-in decks, a ``--content`` folder) is
skipped: its cards are already loaded, and its review history still merges. A deck
already in the user's folder is merged with by card id, as Anki's import does
(:func:`_merged`): nothing the learner had is dropped.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from quizapp.content.cache import load_cached
from quizapp.content.deck import DECK_NAME, load_deck, load_library
from quizapp.content.library import EXERCISE_DECK
from quizapp.errors import QuizError
from quizapp.paths import user_deck_dir

ELSEWHERE_CACHE = "shipped-content-cache.json"  # the content cache of the folders besides the learner's


class ImportFailed(QuizError):
    """An import was rejected; ``lines`` holds one problem per line (``path:line: ...``)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__(lines[0] if len(lines) == 1 else f"{lines[0]} (and {len(lines) - 1} more)")


def library_dirs(ctx) -> list[Path]:
    """The context's content folders plus the user deck folder, when it exists."""
    user = user_deck_dir(ctx.data_dir)
    dirs = list(ctx.content_dirs)
    if user.is_dir() and all(d.resolve() != user.resolve() for d in dirs):
        dirs.append(user)
    return dirs


def _elsewhere(ctx) -> dict[str, str]:
    """Deck name -> file of the decks loaded from elsewhere than the user deck folder.

    Everything loaded, not only the decks: the exercises deck (built from the exercise
    folders) is loaded elsewhere too, so an export's copy of it is skipped like any other.
    Through the content cache (a file of its own: another set of folders than the app's),
    as parsing every shipped deck costs about 150 ms."""
    user = user_deck_dir(ctx.data_dir)
    others = [d for d in ctx.content_dirs if d.resolve() != user.resolve()]
    library, _ = load_cached(others, ctx.data_dir / "cache", name=ELSEWHERE_CACHE)
    return {d.name: d.path for d in library.decks}


def shipped_deck_names(ctx) -> set[str]:
    """Names of the decks loaded from elsewhere than the user deck folder (and 'exercises')."""
    return set(_elsewhere(ctx)) | {EXERCISE_DECK}


@dataclass
class Installed:
    written: list[tuple[str, Path, int]] = field(default_factory=list)  # name, file, cards
    skipped: list[tuple[str, str]] = field(default_factory=list)  # name, where it is already
    merged: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # name: new, updated, kept


def _merged(old: dict, new: dict) -> tuple[dict, list[int | None]]:
    """An import into a deck the learner already has, merged as Anki's import does: a
    card of the import replaces the deck's card of its id, a new one is added after the
    others, and the deck's other cards stay. Returns the deck and, per card, its index in
    the import (None: kept from the deck), so problems name the import's row."""
    imported = new.get("cards") or []
    by_id = {c["id"]: i for i, c in enumerate(imported) if isinstance(c, dict) and isinstance(c.get("id"), str)}
    sources = [by_id.pop(c.get("id"), None) if isinstance(c, dict) else None for c in old["cards"]]
    placed = {i for i in sources if i is not None}
    sources += [i for i in range(len(imported)) if i not in placed]
    cards = [old["cards"][n] if i is None else imported[i] for n, i in enumerate(sources)]
    return {**old, **new, "cards": cards}, sources


def _counts(sources: list[int | None], before: int) -> tuple[int, int, int]:
    """(new, updated, kept) cards of a merge into a deck of ``before`` cards."""
    kept = sources[:before].count(None)
    return len(sources) - before, before - kept, kept


def _parsed(text: bytes) -> dict | None:
    """A deck file of the learner's as YAML data with a list of cards; None otherwise."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cards"), list) else None


def _dump(deck: dict) -> str:
    return yaml.safe_dump(deck, sort_keys=False, allow_unicode=True, width=100)


def _targets(ctx, decks: list[dict], source: Path) -> tuple[dict[str, Path], Installed]:
    """File to write for each importable deck name; decks shipped elsewhere are skipped."""
    user = user_deck_dir(ctx.data_dir)
    elsewhere = _elsewhere(ctx)
    mine = {d.name: Path(d.path) for d in load_library([user]).decks} if user.is_dir() else {}
    targets, report, problems = {}, Installed(), []
    for index, deck in enumerate(decks):
        name = deck.get("deck")
        if isinstance(name, str) and name in elsewhere:
            report.skipped.append((name, elsewhere[name]))
        elif not isinstance(name, str) or not DECK_NAME.match(name) or name == EXERCISE_DECK:
            problems.append(f"{source}: deck #{index + 1}: {name!r} is not a usable deck name"
                            " (lowercase letters, digits and '-'; 'exercises' is reserved)")
        elif name in targets:
            problems.append(f"{source}: deck {name!r} appears twice")
        else:
            targets[name] = mine.get(name, user / f"{name}.yaml")
    if problems:
        raise ImportFailed(problems)
    return targets, report


def _card_starts(text: str) -> list[int]:
    """The line where each card of a dumped deck starts (1-based), in order."""
    node = yaml.compose(text)
    for key, value in getattr(node, "value", []):
        if getattr(key, "value", None) == "cards" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _at_origin(problem, deck: dict, starts: list[int], origins: list[str] | None, source: Path,
               index: int) -> str:
    """A problem in a written deck file, named where it came from: the import file and its
    row (``cards.csv:row 3: ...``) or its card (``x.json: decks[0].cards[2]: ...``). The file
    itself is put back or deleted by the rollback, so naming it would point at nothing."""
    line = getattr(problem, "line", None)
    message = getattr(problem, "message", str(problem))
    card = bisect_right(starts, line) - 1 if line else -1
    if card < 0:
        return f"{source}: deck {deck.get('deck')!r}: {message}"
    if origins and card < len(origins):
        return f"{origins[card]}: {message}"
    return f"{source}: decks[{index}].cards[{card}]: {message}"


def install_decks(ctx, decks: list[dict], source: Path, origins: dict[str, list[str]] | None = None) -> Installed:
    """Write and validate ``decks``; on any problem restore every touched file and raise.

    Problems name the import (``source``, with ``origins[deck][i]`` saying where card i
    of a deck came from), never the deck file the rollback removes."""
    targets, report = _targets(ctx, decks, source)
    folder = user_deck_dir(ctx.data_dir)
    created = not folder.exists()
    previous: dict[Path, bytes | None] = {}
    problems: list[str] = []
    where: dict[Path, tuple] = {}  # written file -> what names its problems
    try:
        for index, deck in enumerate(decks):
            target = targets.get(deck["deck"])
            if target is None:
                continue
            previous[target] = before = target.read_bytes() if target.exists() else None
            rows = (origins or {}).get(deck["deck"])
            if before is not None:
                had = _parsed(before)
                if had is None:
                    problems.append(f"{target}: cannot merge the import into it: it is not a readable deck"
                                    " (fix it, or move it away, and import again)")
                    continue
                deck, sources = _merged(had, deck)
                report.merged[deck["deck"]] = _counts(sources, len(had["cards"]))
                rows = [f"{target}: card {c.get('id')!r}" if i is None else rows[i] if rows and i < len(rows)
                        else f"{source}: decks[{index}].cards[{i}]"
                        for c, i in zip(deck["cards"], sources, strict=True)]
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _dump(deck)
            target.write_text(text, encoding="utf-8")
            where[target.resolve()] = (deck, _card_starts(text), rows, source, index)
            loaded, errors = load_deck(target)
            problems += [_at_origin(e, *where[target.resolve()]) for e in errors]
            if loaded is not None:
                report.written.append((loaded.name, target, len(loaded.cards)))
        if not problems and previous:
            clashes = load_library(library_dirs(ctx)).errors
            problems += [_at_origin(e, *where[Path(e.path).resolve()]) for e in clashes
                         if Path(e.path).resolve() in where]
    except OSError as e:
        problems.append(f"{e.filename or folder}: cannot write ({e.strerror})")
    if problems:
        _restore(previous)
        if created and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise ImportFailed(problems)
    return report


def _restore(previous: dict[Path, bytes | None]) -> None:
    for path, content in previous.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(content)

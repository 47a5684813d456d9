"""How wide each Browse column is, for the width the terminal gives the table.

Fixed widths cut ids and the lapses header at 80 columns and left half of a
200-column terminal empty. Here the small columns take what their longest cell
needs (up to a cap), the card id takes the slack up to its longest, and the
question gets what remains, or is left out when that is too narrow to read (the
preview shows it). Where even that is not enough the deck and state columns give
way down to a floor, and a cut cell ends in ``…`` (the table's cells ellipsize).
A pure function of numbers, so each width rule has a unit test without a terminal.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    floor: int  # the narrowest it is drawn: a question narrower is left out, a deck or state no narrower
    cap: int | None = None  # the widest a small column grows to; None: an elastic one (id, question)
    gives_way: bool = False  # narrowed towards its floor when the id would be cut


COLUMNS = (Spec("id", "Card", 12), Spec("question", "Question", 16), Spec("deck", "Deck", 8, 15, True),
           Spec("kind", "Kind", 4, 7), Spec("state", "State", 10, 24, True), Spec("due", "Due", 3, 9),
           Spec("lapses", "Lapses", 6, 6))
LABELS = {s.key: s.label for s in COLUMNS}
SMALL = tuple(s for s in COLUMNS if s.cap)
PADDING = 2  # the table's cell padding, one cell each side


def fit(width: int, longest: dict[str, int]) -> dict[str, int]:
    """Column key -> content width, in :data:`COLUMNS` order, for a table ``width``
    cells wide whose longest cell per column is ``longest``; without ``question``
    when it would get less than its floor."""
    widths = {s.key: max(len(s.label), min(longest.get(s.key, 0), s.cap or 0)) for s in SMALL}
    room = width - sum(widths.values()) - PADDING * (len(SMALL) + 1)  # what is left for id (+ question)
    want_id = max(len("Card"), longest.get("id", 0))
    for spec in (s for s in SMALL if s.gives_way):
        give = min(max(0, widths[spec.key] - spec.floor), max(0, want_id - room))
        widths[spec.key] -= give
        room += give
    widths["id"] = max(COLUMNS[0].floor, min(want_id, room))
    question = room - widths["id"] - PADDING
    if question >= COLUMNS[1].floor:
        widths["question"] = question
    return {s.key: widths[s.key] for s in COLUMNS if s.key in widths}

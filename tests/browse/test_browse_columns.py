"""Browse's column widths for the terminal's width: what gives way, what takes the slack."""
from __future__ import annotations

from quizapp.tui.widgets.browse.columns import PADDING, fit

# The built-in decks' longest cells: ids to 45, questions to 299, "choosing-models".
BUILT_IN = dict(id=45, question=299, deck=15, kind=7, state=3, due=1, lapses=1)


def drawn(widths: dict[str, int]) -> int:
    return sum(widths.values()) + PADDING * len(widths)


def test_at_80_columns_the_question_is_left_out_and_the_deck_gives_way_to_the_id():
    widths = fit(78, BUILT_IN)
    assert list(widths) == ["id", "deck", "kind", "state", "due", "lapses"]
    assert widths["deck"] == 8 and widths["lapses"] == len("Lapses")  # the header is never cut
    assert widths["id"] == 78 - 2 * 6 - (8 + 7 + 5 + 3 + 6)  # every cell the rest leaves
    assert drawn(widths) == 78


def test_at_200_columns_ids_are_whole_and_the_question_takes_the_rest():
    widths = fit(198, BUILT_IN)
    assert widths["id"] == 45 and widths["deck"] == 15
    assert widths["question"] == 198 - drawn({k: v for k, v in widths.items() if k != "question"}) - PADDING
    assert drawn(widths) == 198  # nothing left empty


def test_short_ids_leave_the_deck_alone_and_give_the_question_the_slack():
    widths = fit(110, {**BUILT_IN, "id": 16, "state": 27})
    assert widths["id"] == 16 and widths["deck"] == 15 and widths["state"] == 24  # state up to its cap
    assert widths["question"] == 25 and drawn(widths) == 110


def test_a_long_state_gives_way_before_the_deck():
    widths = fit(78, {**BUILT_IN, "state": 27})
    assert widths["state"] == 10 and widths["deck"] == 8


def test_a_narrow_terminal_keeps_each_column_readable():
    widths = fit(40, BUILT_IN)
    assert widths["id"] == 12 and "question" not in widths  # the table scrolls sideways instead

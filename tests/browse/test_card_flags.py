"""Browse's card actions without a terminal: each press undoes the last, flags cycle."""
from __future__ import annotations

from datetime import UTC, datetime

from quizapp.clock import day_end
from quizapp.study import card_flags

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_suspend_and_bury_toggle(store):
    assert card_flags.toggle_suspended(store, "demo.relu") == "demo.relu suspended."
    assert store.card_state("demo.relu").suspended
    assert card_flags.toggle_suspended(store, "demo.relu") == "demo.relu unsuspended."
    assert card_flags.toggle_buried(store, "demo.relu", NOW, 4) == "demo.relu buried until the next study day."
    assert store.card_state("demo.relu").buried_until == day_end(NOW, 4)
    assert card_flags.toggle_buried(store, "demo.relu", NOW, 4) == "demo.relu unburied."
    assert store.card_state("demo.relu").buried_until is None


def test_flags_cycle_through_anki_colours_and_back_to_none(store):
    said, stored = [], []
    for _ in range(card_flags.FLAGS):
        said.append(card_flags.next_flag(store, "demo.relu"))
        stored.append(store.card_state("demo.relu").flag)
    assert said == ["demo.relu: red flag.", "demo.relu: orange flag.", "demo.relu: green flag.",
                    "demo.relu: blue flag.", "demo.relu: flag removed."]
    assert stored == [1, 2, 3, 4, 0]  # Anki's numbers, so an import or export keeps the colour


def test_the_state_says_the_flag_by_its_colour():
    from quizapp.search.card_info import state_label
    from quizapp.study.srs import CardState

    assert state_label(CardState("demo.relu", flag=2, suspended=True), NOW) == "new, suspended, orange flag"
    assert state_label(CardState("demo.relu"), NOW) == "new"


def test_reset_of_a_new_card_says_so(store):
    assert card_flags.reset(store, "demo.relu", NOW) == "demo.relu is already new."

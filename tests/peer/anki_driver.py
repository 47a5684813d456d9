"""Replay one scripted history through real Anki (its Rust backend) and print what it shows.

Run by :mod:`anki_peer` in a child process under libfaketime: the backend reads
the system clock for "today" and for the time of an answer, so before each review
this script writes the scripted moment into ``FAKETIME_TIMESTAMP_FILE`` (read
afresh on every clock call, ``FAKETIME_NO_CACHE=1``). ``ANKI_TEST_MODE`` switches
Anki's fuzz off (it also moves the clock back two hours between 2 and 4 am local
time, a hack for Anki's own tests, so histories keep out of those hours); the load
balancer, which would move intervals too, is switched off in the config.

Input (stdin, JSON): ``{"collection", "rollover", "learning_steps", "relearning_steps",
"desired_retention", "parameters", "reviews": [[epoch_seconds, rating], ...]}``.
Output (stdout, JSON): one entry per review: the four buttons as Anki offers them
just before the answer (``["secs", n]`` for a (re)learning step, ``["days", n]``
for a review interval), then the card's stability, difficulty and type after it.
"""
from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone


def _set_clock(epoch: float) -> None:
    moment = datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    with open(os.environ["FAKETIME_TIMESTAMP_FILE"], "w") as fh:
        fh.write(f"@{moment}\n")


def _button(state) -> list:
    """``["secs", n]`` or ``["days", n]``: what the button's interval is."""
    normal = state.normal
    kind = normal.WhichOneof("kind")
    if kind == "review":
        return ["days", normal.review.scheduled_days]
    if kind == "learning":
        return ["secs", normal.learning.scheduled_secs]
    if kind == "relearning":
        return ["secs", normal.relearning.learning.scheduled_secs]
    raise ValueError(f"unexpected next state {kind}")


def main() -> None:
    job = json.load(sys.stdin)
    reviews = job["reviews"]
    _set_clock(reviews[0][0])
    from anki.collection import Collection
    from anki.config_pb2 import ConfigKey
    from anki.scheduler.v3 import CardAnswer

    col = Collection(job["collection"])
    col.set_config("rollover", job["rollover"])
    col.set_config("fsrs", True)
    col.set_config_bool(ConfigKey.Bool.LOAD_BALANCER_ENABLED, False)
    conf = col.decks.config_dict_for_deck_id(1)
    conf["new"]["delays"] = list(job["learning_steps"])
    conf["lapse"]["delays"] = list(job["relearning_steps"])
    conf["desiredRetention"] = job["desired_retention"]
    if job.get("parameters"):
        conf["fsrsParams6"] = list(job["parameters"])
    col.decks.update_config(conf)

    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "q", "a"
    col.add_note(note, 1)
    card_id = note.card_ids()[0]
    ratings = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}

    out = []
    for epoch, rating in reviews:
        _set_clock(epoch)
        card = col.get_card(card_id)
        card.start_timer()
        states = col._backend.get_scheduling_states(card_id)
        buttons = [_button(s) for s in (states.again, states.hard, states.good, states.easy)]
        answer = col.sched.build_answer(card=card, states=states, rating=ratings[rating])
        answer.answered_at_millis = int(epoch * 1000)
        col.sched.answer_card(answer)
        card = col.get_card(card_id)
        memory = card.memory_state
        out.append({"buttons": buttons, "stability": memory.stability,
                    "difficulty": memory.difficulty, "type": int(card.type)})
    col.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

"""Answer cards in real Anki (its Rust backend) at scripted times; print what it shows.

Run by :mod:`anki_peer` in a child process under libfaketime: the backend reads
the system clock for "today" and for the time of an answer, so before each review
this script writes the scripted moment into ``FAKETIME_TIMESTAMP_FILE`` (read
afresh on every clock call, ``FAKETIME_NO_CACHE=1``). ``ANKI_TEST_MODE`` switches
Anki's fuzz off (it also moves the clock back two hours between 2 and 4 am local
time, a hack for Anki's own tests, so histories keep out of those hours); the load
balancer, which would move intervals too, is switched off in the config.

Protocol, one JSON object a line: the first line on stdin sets the collection up
(``{"collection", "rollover", "learning_steps", "relearning_steps",
"desired_retention", "parameters", "cards"}``) and is answered with Anki's default
FSRS weights (``{"default_weights"}``, what it uses when none are set); each further line is one answer
(``{"card": index, "at": epoch_seconds, "rating": 1-4}``, times never going back)
and gets one line back: the four buttons as Anki offered them just before it
(``["secs", n]`` for a (re)learning step, ``["days", n]`` for a review interval),
then the card's stability, difficulty and type after it.
"""
from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime


def _set_clock(epoch: float) -> None:
    moment = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")
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
    job = json.loads(sys.stdin.readline())
    from anki.collection import Collection
    from anki.config_pb2 import ConfigKey
    from anki.scheduler.v3 import CardAnswer

    col = Collection(job["collection"])  # created "today" by the clock the parent set
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

    card_ids = []
    for i in range(job["cards"]):
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = f"q{i}", "a"
        col.add_note(note, 1)
        card_ids.append(note.card_ids()[0])
    defaults = col._backend.get_deck_configs_for_update(1).defaults.config
    print(json.dumps({"default_weights": list(defaults.fsrs_params_6)}), flush=True)
    ratings = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}

    for line in sys.stdin:
        ask = json.loads(line)
        card_id = card_ids[ask["card"]]
        _set_clock(ask["at"])
        card = col.get_card(card_id)
        card.start_timer()
        states = col._backend.get_scheduling_states(card_id)
        buttons = [_button(s) for s in (states.again, states.hard, states.good, states.easy)]
        answer = col.sched.build_answer(card=card, states=states, rating=ratings[ask["rating"]])
        answer.answered_at_millis = int(ask["at"] * 1000)
        col.sched.answer_card(answer)
        memory = col.get_card(card_id).memory_state
        print(json.dumps({"buttons": buttons, "stability": memory.stability,
                          "difficulty": memory.difficulty, "type": int(col.get_card(card_id).type)}),
              flush=True)
    col.close()


if __name__ == "__main__":
    main()

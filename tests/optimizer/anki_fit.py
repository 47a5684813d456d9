"""Anki's own fit of a review log: a revlog written into a new Anki collection, then
its backend's ``compute_fsrs_params`` (Anki builds the training items itself).

Run as a script (by :func:`anki_fit`) so the collection's clock zone is fixed
(``TZ=UTC``, the zone the caller counts study days in). stdin: one JSON object
``{"collection", "rollover", "parameters", "revlog": [[id_ms, card, rating, first], ...]}``;
stdout: ``{"params", "fsrs_items", "seconds"}`` (seconds: the backend call alone).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def anki_fit(rows, tmp_path: Path, *, rollover: int = 4) -> dict:
    """Anki's parameters and training-item count for the quizapp log ``rows`` (UTC days)."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from quizapp.clock import parse_iso

    cards: dict[str, int] = {}
    revlog = []
    for row in rows:
        if row["rating"] not in (1, 2, 3, 4):
            continue
        first = row["card_id"] not in cards
        card = cards.setdefault(row["card_id"], len(cards) + 1)
        ms = int(parse_iso(row["reviewed_at"]).timestamp() * 1000)
        revlog.append([ms + card, card, row["rating"], first])  # ids unique (< 1 s off), in time order per card
    job = {"collection": str(tmp_path / "anki.anki2"), "rollover": rollover,
           "parameters": list(DEFAULT_PARAMETERS), "revlog": revlog}
    done = subprocess.run([sys.executable, __file__], input=json.dumps(job), capture_output=True, text=True,
                          env={**os.environ, "TZ": "UTC"}, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def main() -> None:
    job = json.loads(sys.stdin.read())
    import time

    from anki.collection import Collection

    col = Collection(job["collection"])
    col.set_config("rollover", job["rollover"])
    # Anki's revlog: type 0 learning (a card's first answer), 1 review; ease = the button.
    col.db.executemany("insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                       " values (?, ?, 0, ?, 0, 0, 0, 10000, ?)",
                       [(i, card, rating, 0 if first else 1) for i, card, rating, first in job["revlog"]])
    started = time.perf_counter()
    resp = col._backend.compute_fsrs_params(search="", current_params=job["parameters"], ignore_revlogs_before_ms=0,
                                            num_of_relearning_steps=1, health_check=False)
    seconds = time.perf_counter() - started
    print(json.dumps({"params": list(resp.params), "fsrs_items": resp.fsrs_items, "seconds": seconds}))
    col.close()


if __name__ == "__main__":
    main()

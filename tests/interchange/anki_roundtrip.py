"""quizapp -> .apkg -> real Anki, in one process whose local zone is the TZ it runs under.

Run as ``python anki_roundtrip.py WORKDIR`` (by test_anki_export.py, once per zone:
both quizapp's study day and Anki's "today" are local, so each zone is its own
process). It studies a small deck in a quizapp data dir at real times over the
last 90 days (Anki's backend reads the real clock), exports it, imports the
package into an Anki collection created 100 days ago (so Anki has to move every
day number), and prints one JSON object: per card what quizapp has and what Anki
now holds, into WORKDIR/result.json.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

DECK = """\
deck: demo
title: Demo
cards:
  - {id: demo.steady, kind: qa, level: basic, source: s, front: "Steady?", back: "Yes."}
  - {id: demo.lapsed, kind: qa, level: basic, source: s, front: "Lapsed?", back: "Yes."}
  - {id: demo.learning, kind: qa, level: basic, source: s, front: "Learning?", back: "Yes."}
  - {id: demo.suspended, kind: qa, level: basic, source: s, front: "Suspended?", back: "Yes."}
  - {id: demo.buried, kind: qa, level: basic, source: s, front: "Buried?", back: "Yes."}
  - {id: demo.reset, kind: qa, level: basic, source: s, front: "Reset?", back: "Yes."}
  - {id: demo.new, kind: qa, level: basic, source: s, front: "New?", back: "Yes."}
  - {id: demo.gaps, kind: cloze, level: basic, source: s, text: "{{a}} then {{b::hint}} then {{c}}"}
"""


def study(data: Path) -> None:
    from quizapp.clock import day_end, utc_now
    from quizapp.config import Settings
    from quizapp.store.database import Store
    from quizapp.study.srs import Srs

    srs, now = Srs(Settings(), fuzzing=False), utc_now()
    start = now - timedelta(days=90)

    def run(store, card_id, ratings, *, last=None):
        """Answer at each due time (Good unless said), from 90 days ago until the card is due after now."""
        at, n = start, 0
        while at < now:
            rating = ratings[n] if n < len(ratings) else 3
            done = store.record_review(card_id, rating, at, srs, duration_ms=4000 + 100 * n)
            n += 1
            at = max(done.after.due, at + timedelta(minutes=1))
        if last is not None:
            store.record_review(card_id, last, now - timedelta(hours=2), srs, duration_ms=9000)

    with Store.in_data_dir(data) as store:
        run(store, "demo.steady", [3, 3, 2, 4])
        run(store, "demo.lapsed", [3, 3, 3, 1], last=1)  # a lapse two hours ago: relearning
        store.record_review("demo.learning", 3, now - timedelta(minutes=3), srs, duration_ms=2500)
        run(store, "demo.suspended", [4])
        store.set_flags("demo.suspended", suspended=True, flag=3)
        run(store, "demo.buried", [3])
        store.set_flags("demo.buried", buried_until=day_end(now, 4), flag=1)
        run(store, "demo.reset", [3])
        store.resets.reset_card("demo.reset", now - timedelta(minutes=30))
        run(store, "demo.gaps", [3, 1, 3])


def export(data: Path, content: Path, out: Path, *extra: str) -> None:
    from quizapp.cli import main

    code = main(["--data-dir", str(data), "--content", str(content), "export", "-o", str(out), *extra, "demo"])
    assert code == 0, code


def anki_collection(path: Path, days_old: int = 100):
    """A fresh FSRS collection, created ``days_old`` days ago (its crt moved back)."""
    from anki.collection import Collection

    col = Collection(str(path))
    col.set_config("fsrs", True)
    col.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE col SET crt = crt - ?", (days_old * 86400,))
    conn.commit()
    conn.close()
    col = Collection(str(path))
    col.set_config("lastUnburied", col.sched.today)  # as in a collection opened today: buried cards stay so
    return col


def import_package(col, package: Path, with_scheduling: bool = True):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=with_scheduling)))


def anki_cards(col) -> dict[str, dict]:
    """What Anki holds per quizapp card id (found by the note GUID)."""
    import genanki

    out = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        memory = card.memory_state
        out[note.guid] = {
            "cards_of_note": len(note.card_ids()), "type": int(card.type), "queue": int(card.queue),
            "due": card.due, "ivl": card.ivl, "flags": card.flags, "reps": card.reps, "lapses": card.lapses,
            "s": memory.stability if memory else None, "d": memory.difficulty if memory else None,
            "revlog": col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", cid),
            "answers": col.db.scalar("SELECT count() FROM revlog WHERE cid = ? AND ease > 0", cid),
            "fields": note.fields[0], "mod": note.mod,
        }
    return {cid: out[genanki.guid_for(cid)] for cid in _ids() if genanki.guid_for(cid) in out}


def _ids() -> list[str]:
    import yaml

    return [c["id"] for c in yaml.safe_load(DECK)["cards"]]


def quizapp_cards(data: Path) -> dict[str, dict]:
    from quizapp.clock import study_date, utc_now
    from quizapp.store.database import Store

    now = utc_now()
    today = study_date(now, 4)
    with Store.in_data_dir(data) as store:
        states = store.card_states()
        out = {}
        for card_id in _ids():
            state = states.get(card_id)
            card = state.card if state else None
            out[card_id] = {
                "state": state.state if state else 0,
                "due_days": (study_date(card.due, 4) - today).days if card else None,
                "due_epoch": int(card.due.timestamp()) if card else None,
                # a (re)learning step that ends after the next rollover (answered at 03:55, say)
                "step_ends_a_later_day": bool(card and card.last_review
                                              and study_date(card.due, 4) > study_date(card.last_review, 4)),
                "s": card.stability if card else None, "d": card.difficulty if card else None,
                "suspended": bool(state and state.suspended), "flag": state.flag if state else 0,
                "buried": bool(state and state.buried_until and state.buried_until > now),
                "log": len(store.reviews(card_id)), "answers": len(store.reviews(card_id, answers_only=True)),
                "reps": state.reps if state else 0, "lapses": state.lapses if state else 0,
            }
    return out


def main(work: Path) -> None:
    content, data = work / "content", work / "data"
    content.mkdir(parents=True, exist_ok=True)
    (content / "demo.yaml").write_text(DECK, encoding="utf-8")
    study(data)
    export(data, content, work / "progress.apkg")
    export(data, content, work / "clean.apkg", "--without-progress")
    col = anki_collection(work / "with.anki2")
    log = import_package(col, work / "progress.apkg")
    result = {"anki_today": col.sched.today, "new_notes": len(log.log.new),
              "revlog_total": col.db.scalar("SELECT count() FROM revlog"),
              "anki": anki_cards(col), "quizapp": quizapp_cards(data)}
    col.close()
    clean = anki_collection(work / "clean.anki2")
    import_package(clean, work / "clean.apkg")
    result["clean"] = anki_cards(clean)
    result["clean_revlog"] = clean.db.scalar("SELECT count() FROM revlog")
    clean.close()
    (work / "result.json").write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

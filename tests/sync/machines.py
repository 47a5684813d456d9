"""Two (or more) data dirs as two machines, each with its own config file, syncing
through one shared folder; everything real: Store, record_review, set_flags, reset_card."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.config import Settings, load_settings
from quizapp.interchange.sync import sync
from quizapp.interchange.syncfile import file_name, machine_id
from quizapp.store.database import Store
from quizapp.study.srs import Srs

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def at(minutes: float = 0, days: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, days=days)


class Machine:
    def __init__(self, root: Path, name: str, folder: Path):
        self.name, self.folder = name, folder
        self.data, self.config = root / name, root / f"{name}.toml"
        self.settings = Settings()

    def store(self) -> Store:
        return Store.in_data_dir(self.data)

    def review(self, card_id: str, rating: int, when: datetime, *, leech_lapses: int | None = None):
        with self.store() as store:
            return store.record_review(card_id, rating, when, Srs(self.settings), duration_ms=3000,
                                       answer="x", correct=rating > 1, kind="qa", leech_lapses=leech_lapses)

    def flags(self, card_id: str, when: datetime, **changes) -> None:
        with self.store() as store:
            store.set_flags(card_id, at=when, **changes)

    def reset(self, card_id: str, when: datetime) -> None:
        with self.store() as store:
            store.resets.reset_card(card_id, when)

    def sync(self, folder: Path | None = None):
        with self.store() as store:
            result, self.settings = sync(store, folder or self.folder, data_dir=self.data,
                                         settings=self.settings, config_path=self.config)
        return result

    @property
    def own_file(self) -> Path:
        return self.folder / file_name(machine_id(self.data, warn=pytest.fail))

    def config_settings(self) -> Settings:
        return load_settings(self.config)[0]

    def use_weights(self, weights) -> None:
        """As `optimize --apply` would: the config file and the settings in use."""
        from quizapp.config import update_settings

        self.settings = update_settings(self.config, "using weights", fsrs_parameters=weights)

    def log(self) -> dict[str, dict]:
        """The review log by uid, without the local row ids."""
        with self.store() as store:
            return {r["uid"]: {k: v for k, v in r.items() if k != "id"} for r in store.reviews()}

    def states(self) -> dict[str, tuple]:
        """Every card's state and flags (a card without a row reads as new, unflagged)."""
        with self.store() as store:
            ids = {r["card_id"] for r in store.reviews()} | set(store.card_states())
            ids |= {e["card_id"] for e in store.events.card_events()}
            leeches = store.resets.leech_ids()
            out = {}
            for card_id in sorted(ids):
                s = store.card_state(card_id)
                out[card_id] = (s.card and s.card.to_dict(), s.reps, s.lapses, s.suspended,
                                s.buried_until, s.flag, card_id in leeches)
            return out

    def state(self, card_id: str):
        with self.store() as store:
            return store.card_state(card_id), card_id in store.resets.leech_ids()

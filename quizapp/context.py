"""What every command needs: settings, where the data is, which decks to load."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizapp import paths
from quizapp.config import Settings, load_settings
from quizapp.safetext import say


@dataclass
class Context:
    data_dir: Path
    content_dirs: list[Path]
    settings: Settings
    device: str = "auto"
    debug: bool = False
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> Context:
        missing = next((d for d in args.content if not Path(d).expanduser().exists()), None)
        if missing is not None:  # named on this command line: a typo there is a usage error
            from quizapp.errors import UsageError

            raise UsageError(f"--content {missing}: no such file or folder")
        settings, warnings = load_settings(paths.config_file())
        extra = [Path(d).expanduser() for d in (*settings.content_dirs, *args.content)]
        data_dir = paths.data_dir(args.data_dir)
        user_decks = paths.user_deck_dir(data_dir)
        ctx = cls(
            data_dir=data_dir,
            content_dirs=[paths.builtin_content_dir(), *extra, *([user_decks] if user_decks.is_dir() else [])],
            settings=settings,
            device=args.device or settings.device,
            debug=args.debug,
            warnings=warnings,
        )
        for warning in warnings:
            say(str(warning))
        return ctx

    @property
    def db_path(self) -> Path:
        return paths.database_file(self.data_dir)

    def open_store(self):
        """The review database, with card states brought up to date first when the log
        has reviews they do not reflect (an import killed half way, an older quizapp):
        a state is a cache of the log, so it is rebuilt rather than trusted."""
        from quizapp.store.database import Store

        store = Store.open(self.db_path)
        try:
            unsaved = paths.unsaved_answers_file(self.data_dir)
            if unsaved.exists():
                self._recover_unsaved(store, unsaved)
            if store.states_behind():
                from quizapp.study.srs import Srs

                say("card states did not match the review log; rebuilding them")
                store.rebuild_states(Srs(self.settings))
        except BaseException:
            store.close()
            raise
        return store

    def _recover_unsaved(self, store, path: Path) -> None:
        """Add the answers a session could not save last time (see :mod:`quizapp.study.unsaved`)."""
        from quizapp.store.errors import StoreError
        from quizapp.study.srs import Srs
        from quizapp.study.unsaved import recover

        try:
            added = recover(store, Srs(self.settings), path)
        except StoreError as err:  # still refused: keep the file, try again next time
            say(f"{path}: answers from last time are still not saved ({err})")
            return
        if added:
            say(f"added {added} answer(s) that could not be saved last time")

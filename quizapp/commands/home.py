"""`quizapp` with no command: open the TUI home screen (also used by study/drill)."""
from __future__ import annotations

from quizapp.safetext import say


def launch(ctx, *, mode: str = "home", decks: list[str] | None = None, drill_new: int = 0, custom=None,
           mock=None) -> int:
    """Load decks, open the store and run the app; returns the exit code. ``custom``: a
    :class:`quizapp.study.custom.CustomStudy` to study (checked before the screen opens);
    ``mock``: the :class:`quizapp.study.mock.MockRun` of ``quizapp mock`` (its reports come back in it)."""
    from quizapp import startup_gc

    startup_gc.pause()  # the app resumes collection once its first frame is drawn
    try:
        return _run_app(ctx, mode, decks, drill_new, custom, mock)
    finally:
        startup_gc.abandon()  # in case the app stopped before its first frame


def _run_app(ctx, mode: str, decks: list[str] | None, drill_new: int, custom, mock) -> int:
    from quizapp.content.cache import load_cached

    library, exercises = load_cached(ctx.content_dirs, ctx.data_dir / "cache")
    library.require_decks(decks or [])  # before the screen takes over the terminal
    if custom is not None:
        custom.check(library)  # a bad search is one line and exit 2, as in `quizapp cards`
    store = ctx.open_store()
    try:
        _sync(ctx, store)
        from quizapp.tui.app import QuizApp

        app = QuizApp(ctx, library, store, exercises=exercises, mode=mode, decks=decks,
                      drill_new=drill_new, custom=custom, mock=mock)
        app.run()
        _report_unsaved(app, store)
        _sync(ctx, store)
    finally:
        store.close()
    return app.return_code or 0


def _sync(ctx, store) -> None:
    """With ``sync_dir`` set, sync through it (before the app starts, and after it
    quits) and say so in one line on stderr, and each problem in one more; a sync that
    fails (the folder is not mounted, say) is one line too and never keeps the learner
    from studying."""
    if not ctx.settings.sync_dir:
        return
    from pathlib import Path

    from quizapp import paths
    from quizapp.errors import QuizError
    from quizapp.interchange.sync import sync

    try:
        result, ctx.settings = sync(store, Path(ctx.settings.sync_dir), data_dir=ctx.data_dir,
                                    settings=ctx.settings, config_path=paths.config_file())
    except QuizError as e:
        say(f"not synced: {e}")
        return
    say(result.summary())
    for problem in result.problems:  # in full: some are said once (a damaged machine-id set aside)
        say(f"sync: {problem}")


def _report_unsaved(app, store) -> None:
    """Leaving with answers the database refused: one last try, then say exactly what
    was not saved and where it is kept (it is added the next time quizapp opens)."""

    from quizapp.study.srs import Srs

    if len(app.unsaved) and app.unsaved.save_into(store, Srs(app.ctx.settings), app.ctx.settings.leech_lapses):
        say(str(app.unsaved.message()))


def run(args, ctx) -> int:
    return launch(ctx)

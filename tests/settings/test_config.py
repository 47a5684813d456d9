"""The config file: round trip, one named warning per bad key, atomic writes."""
from __future__ import annotations

import tomllib
from dataclasses import fields, replace

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.config import DeckLimit, Settings, check_setting, load_settings, parse_settings, update_settings
from quizapp.errors import QuizError
from quizapp.study.srs import Srs


def save(path, settings: Settings) -> Settings:
    """Every value of ``settings`` written into the file at ``path``, as a whole form would."""
    return update_settings(path, "saving", **{f.name: getattr(settings, f.name) for f in fields(Settings)})


CHANGED = Settings(desired_retention=0.85, new_per_day=7, reviews_per_day=150,
                   learning_steps_minutes=(2.0, 15.5), relearning_steps_minutes=(), day_starts_at_hour=0,
                   leech_lapses=3, device="cpu", theme="nord", content_dirs=("~/decks", "/srv/more"),
                   new_card_order="deck", deck_limits=(DeckLimit("cnn", 5, 50), DeckLimit("rnn", new_per_day=0)),
                   fsrs_parameters=(*(round(w * 1.05, 4) for w in DEFAULT_PARAMETERS[:20]), 0.2))


def test_save_then_load_gives_the_same_settings(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    save(path, CHANGED)
    assert load_settings(path) == (CHANGED, [])
    assert list(path.parent.iterdir()) == [path]  # the temp file was renamed, not left behind


def test_only_non_default_values_are_written(tmp_path):
    path = tmp_path / "config.toml"
    save(path, replace(Settings(), new_per_day=5, learning_steps_minutes=(1.0, 30.0)))
    assert tomllib.loads(path.read_text()) == {"new_per_day": 5, "learning_steps_minutes": [1, 30]}
    save(path, Settings())
    assert path.read_text() == "" and load_settings(path) == (Settings(), [])


def test_invalid_values_are_named_and_replaced_by_defaults():
    settings, warnings = parse_settings({
        "desired_retention": 1.5, "new_per_day": "ten", "reviews_per_day": True, "device": "tpu",
        "learning_steps_minutes": [1, -3], "day_starts_at_hour": 24, "leech_lapses": 0,
        "fsrs_parameters": [0.5] * 19, "theme": "nord"}, "cfg.toml")
    assert settings == Settings(theme="nord")
    named = sorted(w.split(": ")[1].split(" = ")[0] for w in warnings)
    assert named == sorted(["desired_retention", "new_per_day", "reviews_per_day", "device",
                            "learning_steps_minutes", "day_starts_at_hour", "leech_lapses", "fsrs_parameters"])
    assert "cfg.toml: fsrs_parameters = [0.5, 0.5" in next(w for w in warnings if "fsrs_parameters" in w)
    assert all(w.endswith("using the default") for w in warnings)


def test_fsrs_parameters_need_fsrs_count_and_bounds():
    assert check_setting("fsrs_parameters", list(DEFAULT_PARAMETERS)) == (tuple(DEFAULT_PARAMETERS), None)
    for bad in ([*DEFAULT_PARAMETERS, 0.1], [*DEFAULT_PARAMETERS[:20], 5.0], "0.1", [True] * 21):
        value, reason = check_setting("fsrs_parameters", bad)
        assert value is None and "21 numbers" in reason


def test_unknown_keys_are_warned_and_ignored():
    settings, warnings = parse_settings({"new_per_dya": 3, "new_per_day": 4}, "cfg.toml")
    assert settings == Settings(new_per_day=4)
    assert warnings == ["cfg.toml: unknown setting 'new_per_dya' ignored"]


def test_a_broken_file_falls_back_to_defaults_with_one_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("new_per_day = = 3\n")
    settings, warnings = load_settings(path)
    assert settings == Settings() and len(warnings) == 1
    assert warnings[0].startswith(f"{path}: cannot read config (") and "\n" not in warnings[0]


def test_saving_into_an_unwritable_place_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(QuizError) as refused:
        save(blocker / "config.toml", CHANGED)
    assert str(refused.value).startswith(f"{blocker / 'config.toml'}: cannot") and "\n" not in str(refused.value)


def test_srs_schedules_with_the_personal_parameters():
    assert Srs(CHANGED).scheduler.parameters == CHANGED.fsrs_parameters
    assert Srs(Settings()).scheduler.parameters == tuple(DEFAULT_PARAMETERS)
    explicit = tuple(DEFAULT_PARAMETERS)
    assert Srs(CHANGED, parameters=explicit).scheduler.parameters == explicit


def test_text_form_round_trips_every_field_of_a_valid_settings():
    """What the settings screen shows for a value reads back as that value (the
    settings it has no row for are written in the config file only)."""
    from dataclasses import fields

    from quizapp.config import SPECS, setting_from_text, setting_text

    for f in fields(Settings):
        if SPECS[f.name].label:
            value = getattr(CHANGED, f.name)
            assert check_setting(f.name, setting_from_text(f.name, setting_text(value))) == (value, None)
    assert setting_from_text("learning_steps_minutes", "1 5,  20") == [1, 5, 20]
    assert check_setting("learning_steps_minutes", setting_from_text("learning_steps_minutes", "1, inf"))[0] is None


def test_every_declared_setting_accepts_its_own_default_and_says_what_it_accepts():
    """One declaration per setting: its default passes its own rule, and a value of
    the wrong type is refused with the words that rule states."""
    from quizapp.config import SPECS

    for key, spec in SPECS.items():
        default = getattr(Settings(), key)
        if default is not None:
            assert check_setting(key, default) == (default, None), key
        assert check_setting(key, object()) == (None, spec.rule.says), key


async def test_the_settings_form_has_a_row_for_every_labelled_setting(ctx, tmp_path, monkeypatch):
    """The form is generated from the declarations: a new labelled setting shows
    up without touching the screen, and it saves (here the sync folder)."""
    import tomllib

    from textual.widgets import Input

    from quizapp.config import SPECS
    from quizapp.content.deck import load_library
    from quizapp.store.database import Store
    from quizapp.tui.app import QuizApp
    from quizapp.tui.settings import SettingsScreen
    from quizapp.tui.widgets.settings.field import SettingField

    config = tmp_path / "config.toml"
    monkeypatch.setenv("QUIZAPP_CONFIG", str(config))
    app = QuizApp(ctx, load_library(ctx.content_dirs), Store.open(ctx.db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(SettingsScreen())
        await pilot.pause()
        shown = {field.key: field.label for field in app.screen.query(SettingField) if field.key != "use-personal"}
        assert shown == {key: spec.label for key, spec in SPECS.items() if spec.label}
        app.screen.query_one("#sync_dir", Input).value = str(tmp_path / "sync")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert tomllib.loads(config.read_text()) == {"sync_dir": str(tmp_path / "sync")}


def test_deck_limits_are_a_table_of_decks_and_a_bad_one_gets_one_reason():
    """Issue 17: per-deck limits as Anki's presets, written as a TOML table."""
    text = "deck_limits = {cnn = {new_per_day = 5, reviews_per_day = 50}, rnn = {new_per_day = 0}}\n"
    settings, warnings = parse_settings(tomllib.loads(text))
    assert warnings == []
    assert settings.deck_limits == (DeckLimit("cnn", 5, 50), DeckLimit("rnn", 0, None))
    reason = check_setting("deck_limits", {})[1]
    for bad in ({"cnn": {"new_per_dy": 5}}, {"cnn": 5}, {"cnn": {"new_per_day": -1}},
                {"cnn": {"reviews_per_day": 1.5}}, {"cnn": {"new_per_day": True}}, [1]):
        settings, warnings = parse_settings({"deck_limits": bad}, "cfg.toml")
        assert settings.deck_limits == () and len(warnings) == 1
        assert warnings[0].startswith("cfg.toml: deck_limits = ") and "from 0 to 9999" in warnings[0]
    assert reason is None  # an empty table: no deck has its own limits


def test_new_card_order_is_mixed_deck_or_random():
    assert Settings().new_card_order == "mixed"
    assert check_setting("new_card_order", "random") == ("random", None)
    assert check_setting("new_card_order", "shuffled") == (None, "mixed, deck or random")


HAND_WRITTEN = """\
# my study config: keep new cards low until the interview
new_per_day = 4  # was 10
theme = "nord"
lerning_steps = [1, 5]  # a typo the loader warns about
reviews_per_day = -3

[deck_limits.cnn]  # the deck I know best
new_per_day = 1
"""


def test_saving_keeps_the_users_comments_unknown_and_invalid_lines(tmp_path):
    """Writing one setting (plan --date, the theme, the Settings screen) changes that
    line only: what the user wrote by hand, even a line the loader refuses, stays."""
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    settings, warnings = load_settings(path)
    assert len(warnings) == 2
    update_settings(path, "saving", new_per_day=6, device="cpu")
    text = path.read_text()
    assert text.replace("new_per_day = 6  # was 10", "new_per_day = 4  # was 10").replace('device = "cpu"\n', "") \
        == HAND_WRITTEN
    assert load_settings(path)[0] == replace(settings, new_per_day=6, device="cpu")


def test_a_setting_set_back_to_its_default_leaves_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    settings, _ = load_settings(path)
    update_settings(path, "saving", theme=Settings().theme, deck_limits=())
    text = path.read_text()
    assert "theme" not in text and "deck_limits" not in text and "# my study config" in text
    assert load_settings(path)[0] == replace(settings, theme=Settings().theme, deck_limits=())


def test_a_file_that_is_not_toml_is_not_overwritten(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("new_per_day = = 3\n")
    with pytest.raises(QuizError, match=r"cannot read config .* fix it before saving"):
        save(path, CHANGED)
    assert path.read_text() == "new_per_day = = 3\n"


def _mixes():
    """Settings with each key either at its default or at CHANGED's value."""
    from hypothesis import strategies as st

    names = [f.name for f in fields(Settings)]
    return st.lists(st.booleans(), min_size=len(names), max_size=len(names)).map(
        lambda picks: replace(Settings(), **{n: getattr(CHANGED, n) for n, pick in zip(names, picks, strict=True)
                                             if pick}))


def test_any_sequence_of_saves_loads_back_the_last_and_keeps_the_comment(tmp_path):
    from hypothesis import given, settings

    @settings(max_examples=40)
    @given(first=_mixes(), then=_mixes())
    def check(first, then):
        path = tmp_path / "config.toml"
        path.write_text("# keep me\nunknown_key = 1\n")
        save(path, first)
        save(path, then)
        loaded, warnings = load_settings(path)
        assert loaded == then and warnings == [f"{path}: unknown setting 'unknown_key' ignored"]
        assert path.read_text().startswith("# keep me\nunknown_key = 1\n")

    check()


def test_a_refused_value_set_to_its_default_leaves_and_a_save_that_changes_nothing_writes_nothing(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('new_per_day = "ten"  # typo\ntheme = "nord"\n')
    update_settings(path, "saving", new_per_day=Settings().new_per_day)
    assert path.read_text() == 'theme = "nord"\n' and load_settings(path) == (Settings(theme="nord"), [])
    before = path.stat()
    update_settings(path, "saving", theme="nord", new_per_day=Settings().new_per_day)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not even rewritten


def test_line_ends_and_dotted_deck_limits_are_kept_sound(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'# windows\r\ntheme = "nord"\r\n')
    update_settings(path, "saving", new_per_day=5)
    assert path.read_bytes() == b'# windows\r\ntheme = "nord"\r\nnew_per_day = 5\r\n'
    path.write_text('deck_limits.cnn.new_per_day = 5\ntheme = "nord"\n')
    update_settings(path, "saving", deck_limits=(DeckLimit("rnn", 2, None),))
    assert load_settings(path) == (Settings(theme="nord", deck_limits=(DeckLimit("rnn", 2, None),)), [])

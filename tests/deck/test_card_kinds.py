"""Card kinds: each registered kind provides every hook, and nothing outside a
kind's own module asks which class a card is, so a new kind is its module plus
one line in the registry (quizapp/cards.py)."""
from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest

from decks import EVERY_KIND
from quizapp.content.cards import BY_KIND, CARD_CLASSES, CHOOSE, CODE, KINDS, REVEAL, TYPE, Card, Prompt
from quizapp.content.data_codec import DataCodec
from quizapp.content.deck import load_deck
from quizapp.content.kinds.base import CLASS_FIELDS, HOOKS
from quizapp.content.kinds.numeric import NumericResult
from quizapp.interchange.cardmap import card_to_dict
from quizapp.interchange.numeric import WorkedExample
from quizapp.tui.card_view import answer_text

QUIZAPP = Path(__file__).resolve().parents[2] / "quizapp"


def _defined(cls: type, name: str):
    """The function behind ``cls.name`` (unwrapping classmethods and properties)."""
    for klass in cls.__mro__:
        if name in vars(klass):
            value = vars(klass)[name]
            return getattr(value, "__func__", getattr(value, "fget", value))
    raise AssertionError(f"{cls.__name__} has no {name}")


@pytest.mark.parametrize("cls", CARD_CLASSES, ids=lambda c: c.__name__)
def test_every_kind_defines_every_hook(cls):
    missing = [name for name in HOOKS if _defined(cls, name) is _defined(Card, name)]
    assert missing == [], f"{cls.__name__} must define {missing} (see quizapp/kinds/base.py)"
    assert all(hasattr(cls, name) for name in CLASS_FIELDS)
    assert cls.ANSWERED_BY in (REVEAL, CHOOSE, TYPE, CODE)
    assert all(callable(read) for read in cls.REQUIRED.values())
    assert not set(cls.REQUIRED) & set(cls.OPTIONAL)
    assert cls.CSV_COLUMNS is None or set(cls.CSV_COLUMNS.values()) <= set(cls.REQUIRED)


def test_the_registry_names_each_kind_once():
    assert KINDS == ("qa", "cloze", "choice", "numeric", "code")  # the order error messages list them in
    assert [BY_KIND[kind] for kind in KINDS] == list(CARD_CLASSES)


def test_no_module_outside_the_kinds_asks_which_class_a_card_is():
    pattern = re.compile(r"isinstance\([^)]*\b(Card|QACard|ClozeCard|ChoiceCard|NumericCard|CodeCard)\b")
    found = [f"{path.relative_to(QUIZAPP)}:{n}" for path in QUIZAPP.rglob("*.py") if "kinds" not in path.parts
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert found == [], "dispatch through a hook on the card instead (quizapp/kinds/base.py)"


@pytest.fixture(scope="module")
def demo_cards(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "demo.yaml"
    path.write_text(textwrap.dedent(EVERY_KIND), encoding="utf-8")
    deck, errors = load_deck(path)
    assert errors == []
    return deck.cards


def test_the_demo_deck_has_every_kind(demo_cards):
    assert {card.kind for card in demo_cards} == set(KINDS)


def test_cards_store_in_the_content_cache_as_they_are(demo_cards):
    codec = DataCodec(CARD_CLASSES)
    assert codec.loads(codec.dumps(demo_cards)) == demo_cards


def test_editing_a_kind_module_invalidates_the_content_cache():
    import inspect

    from quizapp.content.cache import _signature

    stamped = {path for path, *_ in _signature([])[1]}
    assert {inspect.getfile(cls) for cls in CARD_CLASSES} <= stamped


def test_each_kind_writes_back_what_it_read(demo_cards, tmp_path):
    import yaml

    text = yaml.safe_dump({"deck": "demo", "cards": [card_to_dict(c) for c in demo_cards]}, allow_unicode=True)
    (tmp_path / "again.yaml").write_text(text, encoding="utf-8")
    again, errors = load_deck(tmp_path / "again.yaml")
    assert errors == []
    strip = lambda c: {k: v for k, v in vars(c).items() if k not in ("path", "line")}  # noqa: E731
    assert [strip(c) for c in again.cards] == [strip(c) for c in demo_cards]


class _Exercise:
    title, prompt, signature, solution = "Softmax", "Write it.", "def softmax(z):", "def softmax(z): ..."


def test_each_kind_runs_its_text_export_and_study_hooks(demo_cards):
    worked = WorkedExample("2 + 2?", generated=False, answer="4", steps=["sum: 4"])
    for card in demo_cards:
        extra = {TYPE: worked, CODE: _Exercise()}.get(card.ANSWERED_BY)  # what export_extra gives, without torch
        assert isinstance(card.question, str) and isinstance(card.answer_text(), str)
        assert all(isinstance(v, str) for v in card.csv_sides(extra))
        model, front, _back = card.anki_sides(extra)
        assert model in ("basic", "cloze") and front
        prompt = card.prepare(random.Random(0))
        assert isinstance(prompt, Prompt) and prompt.card is card and prompt.text
        if card.ANSWERED_BY != TYPE:  # solving runs the engine (torch): tests/content solves every card
            assert card.solve(prompt) is None
        assert all(isinstance(text, str) and isinstance(style, str) for text, style in card.answer_spans())


def test_choice_check_wants_exactly_the_correct_options(demo_cards):
    card = next(c for c in demo_cards if c.ANSWERED_BY == CHOOSE)
    prompt = card.prepare(random.Random(0))
    right = {prompt.options.index(option) for option in card.correct}
    assert card.check(prompt, right) is True
    assert card.check(prompt, set(range(len(prompt.options)))) is False
    assert card.check(prompt, set()) is False


def test_a_solved_numeric_answer_shows_steps_then_the_explanation(demo_cards):
    from dataclasses import replace

    card = replace(next(c for c in demo_cards if c.ANSWERED_BY == TYPE), explain="Floor division.")
    step = type("Step", (), {"label": "h", "value": 15})()
    text = answer_text(card.prepare(random.Random(0)), NumericResult([16, 15, 15], [step], "cpu"))
    assert text.plain == "Answer: [16, 15, 15]\n  h: 15\n(checked by PyTorch on cpu)\n\nFloor division."
    assert [(text.plain[s.start:s.end], s.style) for s in text.spans] == [
        ("Answer: [16, 15, 15]\n", "bold green"), ("  h: ", "bold"), ("(checked by PyTorch on cpu)", "dim")]
    assert answer_text(card.prepare(random.Random(0))).plain == "Floor division."


@pytest.mark.parametrize(("decimals", "shown"), [(6, "-0.034692"), (4, "-0.5850"), (None, "-0.0346924")])
def test_the_worked_answer_has_the_digits_the_card_asks_for_as_the_verdict_does(demo_cards, decimals, shown):
    """"Answer to 6 decimal places" showed "Answer: -0.03469", and "expected -0.5850" beside "Answer: -0.585"."""
    from dataclasses import replace

    from quizapp.grading.answers import check_answer

    card = replace(next(c for c in demo_cards if c.ANSWERED_BY == TYPE), decimals=decimals, explain="")
    value = {6: -0.0346924, 4: -0.585, None: -0.0346924}[decimals]
    text = answer_text(card.prepare(random.Random(0)), NumericResult(value, [], "cpu")).plain
    assert text.startswith(f"Answer: {shown}\n")
    assert f"expected {shown}" in check_answer("1", value, decimals=decimals).message

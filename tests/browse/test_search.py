"""The search language: every operator on a fixed set of cards, precedence,
negation, quotes, one-line errors, and a property: the parser agrees with set
algebra on random expression trees."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from quizapp.config import Settings
from quizapp.content.cards import ChoiceCard, ClozeCard, CodeCard, NumericCard, QACard
from quizapp.errors import QuizError
from quizapp.search.card_info import searchable_text
from quizapp.search.query import Facts, find, parse
from quizapp.study.srs import RELEARNING, CardState, Srs
from timekeeping import T0

SRS = Srs(Settings(), fuzzing=False)
COMMON = dict(source="Notes", path="x.yaml", line=1)
CARDS = [
    QACard(id="ann.what", deck="ann", kind="qa", level="basic", tags=("basics",),
           front="What is an ANN?", back="Layers of weighted sums.", **COMMON),
    QACard(id="ann.sgd", deck="ann", kind="qa", level="advanced", tags=("optim",),
           front="Why does SGD generalise?", back="Its noise finds flat minima.", **COMMON),
    ClozeCard(id="cnn.pool", deck="cnn", kind="cloze", level="basic", tags=("cnn",),
              text="Max {{pooling}} keeps the largest value.", **COMMON),
    ChoiceCard(id="cnn.relu", deck="cnn", kind="choice", level="basic", tags=("cnn", "activations"),
               prompt="Which activation is zero for negatives?", correct=("ReLU",), wrong=("Tanh",), **COMMON),
    NumericCard(id="math.conv", deck="math", kind="numeric", level="advanced", engine="conv-output-size",
                prompt="Output size for a {kernel}x{kernel} kernel?", **COMMON),
    CodeCard(id="exercises.softmax", deck="exercises", kind="code", level="research",
             exercise="softmax", title="Softmax, numerically stable", source="Softmax"),
]
ALL = {c.id for c in CARDS}


def _review_state(card_id: str, **changes) -> CardState:
    """A review-state card answered Easy a month ago: due well before T0."""
    state = SRS.review(CardState(card_id), 4, T0 - timedelta(days=30), exact=True)
    assert state.due < T0
    return replace(state, **changes)


STATES = {
    "ann.sgd": _review_state("ann.sgd", lapses=3, reps=5),
    "cnn.pool": SRS.review(CardState("cnn.pool"), 1, T0 - timedelta(minutes=5), exact=True),  # learning
    "cnn.relu": _review_state("cnn.relu", suspended=True, flag=2),
    "math.conv": _review_state("math.conv", buried_until=T0 + timedelta(hours=10)),
}
FACTS = Facts(T0, T0 + timedelta(hours=16), frozenset({"exercises.softmax"}))


def ids(query: str) -> set[str]:
    predicate = parse(query)
    return {c.id for c in CARDS if predicate(c, STATES.get(c.id, CardState(c.id)), FACTS)}


@pytest.mark.parametrize("query, expected", [
    ("", ALL),
    ("WEIGHTED", {"ann.what"}),  # case-insensitive, in the answer
    ("ann", {"ann.what", "ann.sgd"}),  # in the question or the id
    ("flat minima", {"ann.sgd"}),  # two words, both in the answer
    ('"flat minima"', {"ann.sgd"}),
    ('"minima flat"', set()),  # a phrase keeps its word order
    ('"max pooling"', {"cnn.pool"}),  # cloze answers are searched filled in
    ("relu", {"cnn.relu"}),  # choice options are part of the answer
    ("conv-output-size", {"math.conv"}),  # the numeric engine
    ("numerically", {"exercises.softmax"}),  # the exercise title
    ("cnn.relu", {"cnn.relu"}),  # the id
    ("deck:ann", {"ann.what", "ann.sgd"}),
    ("deck:a*", {"ann.what", "ann.sgd"}),
    ("deck:ANN", {"ann.what", "ann.sgd"}),
    ("deck:an", set()),  # a deck name is matched whole unless globbed
    ("tag:cnn", {"cnn.pool", "cnn.relu"}),
    ("tag:activ*", {"cnn.relu"}),
    ("kind:cloze", {"cnn.pool"}),
    ("kind:code", {"exercises.softmax"}),
    ("level:advanced", {"ann.sgd", "math.conv"}),
    ("is:new", {"ann.what", "exercises.softmax"}),
    ("is:learning", {"cnn.pool"}),
    ("is:learn", {"cnn.pool"}),
    ("is:review", {"ann.sgd", "cnn.relu", "math.conv"}),  # suspended and buried too, due or not
    ("is:due", {"ann.sgd", "cnn.pool"}),  # suspended and buried reviews are not due
    ("is:suspended", {"cnn.relu"}),
    ("is:buried", {"math.conv"}),
    ("is:flagged", {"cnn.relu"}),
    ("flag:2", {"cnn.relu"}),
    ("flag:Orange", {"cnn.relu"}),  # Anki's flag 2 by its colour
    ("flag:1", set()),
    ("flag:0", ALL - {"cnn.relu"}),
    ("is:leech", {"exercises.softmax"}),
    ("prop:lapses>2", {"ann.sgd"}),
    ("prop:lapses>=3", {"ann.sgd"}),
    ("prop:lapses=0", ALL - {"ann.sgd"}),
    ("prop:lapses<3", ALL - {"ann.sgd"}),
    ("prop:lapses<=3", ALL),
    ("prop:lapses!=3", ALL - {"ann.sgd"}),
    ("prop:reps>=1", {"ann.sgd", "cnn.pool", "cnn.relu", "math.conv"}),
    ("-deck:ann", ALL - {"ann.what", "ann.sgd"}),
    ("-is:new -is:suspended", {"ann.sgd", "cnn.pool", "math.conv"}),
    ('-"flat minima"', ALL - {"ann.sgd"}),
    ("--deck:ann", {"ann.what", "ann.sgd"}),
    ("tag:cnn kind:choice", {"cnn.relu"}),
    ("tag:cnn and kind:choice", {"cnn.relu"}),
    ("kind:qa or kind:code", {"ann.what", "ann.sgd", "exercises.softmax"}),
    ("kind:qa OR kind:code", {"ann.what", "ann.sgd", "exercises.softmax"}),
    # AND binds tighter than OR: (deck:ann is:new) or kind:cloze
    ("deck:ann is:new or kind:cloze", {"ann.what", "cnn.pool"}),
    ("kind:cloze or deck:ann is:new", {"ann.what", "cnn.pool"}),
    ("deck:ann (is:new or kind:cloze)", {"ann.what"}),
    ("-(deck:ann or deck:cnn)", {"math.conv", "exercises.softmax"}),
    ('"deck:ann"', set()),  # a quoted field is text, not a field
])
def test_each_operator(query, expected):
    assert ids(query) == expected


def test_review_and_learn_as_anki_counts_them():
    """Anki's is:review is every card past learning, a lapsed (relearning) one too, due
    or not; is:learn a card in learning or relearning steps, so a lapse is both."""
    lapsed = SRS.review(_review_state("ann.what"), 1, T0 - timedelta(minutes=1), exact=True)
    assert lapsed.state == RELEARNING
    states = {**STATES, "ann.what": lapsed}
    found = {query: {c.id for c in CARDS if parse(query)(c, states.get(c.id, CardState(c.id)), FACTS)}
             for query in ("is:review", "is:learn", "is:learning", "is:review is:learn")}
    assert found == {"is:review": {"ann.what", "ann.sgd", "cnn.relu", "math.conv"},
                     "is:learn": {"ann.what", "cnn.pool"}, "is:learning": {"ann.what", "cnn.pool"},
                     "is:review is:learn": {"ann.what"}}


def test_quoted_or_is_text_not_the_operator():
    with_or = {c.id for c in CARDS if "or" in searchable_text(c)}
    assert with_or and with_or != ALL
    assert ids('"or"') == with_or
    assert ids('kind:qa "or" kind:code') == set()


@pytest.mark.parametrize("query, message", [
    ("foo:bar", "search: unknown field 'foo:' in 'foo:bar'"),
    ("kind:essay", "search: 'kind:essay': kind must be one of qa, cloze, choice, numeric, code"),
    ("level:expert", "search: 'level:expert': level must be one of basic, advanced, research"),
    ("is:late", "search: 'is:late': is: must be one of due, new, learning"),
    ("prop:lapses>many", "search: 'prop:lapses>many': expected prop:lapses or prop:reps"),
    ("prop:ease>2", "search: 'prop:ease>2': expected prop:lapses or prop:reps"),
    ("deck:", "search: 'deck:' needs a value"),
    ("flag:5", "search: 'flag:5': flag: is 0 (none), 1 red, 2 orange, 3 green, 4 blue or the colour's name"),
    ("flag:pink", "search: 'flag:pink': flag: is 0 (none)"),
    ('tag:cnn "flat minima', "search: unclosed quote in '\"flat minima'"),
    ("kind:qa or", "search: 'or' needs a term on each side"),
    ("or kind:qa", "search: 'or' needs a term on each side"),
    ("(kind:qa", "search: unclosed '('"),
    ("(", "search: unclosed '('"),  # not "empty parentheses": there is no ')'
    ("kind:qa (", "search: unclosed '('"),
    ("(kind:qa or (", "search: unclosed '('"),
    ("kind:qa)", "search: unmatched ')'"),
    ("()", "search: empty parentheses"),
    ("tag:cnn -", "search: '-' must be followed by a term"),
    ('""', "search: empty phrase"),
])
def test_malformed_query_is_one_clear_line(query, message):
    with pytest.raises(QuizError) as err:
        parse(query)
    text = str(err.value)
    assert text.startswith(message) and "\n" not in text


def test_find_reads_states_from_the_store_and_keeps_card_order(store):
    store.set_flags("cnn.relu", suspended=True)
    store.record_review("ann.sgd", 4, T0 - timedelta(days=30), SRS)
    found = find(store, CARDS, "is:suspended or is:due", T0, hour=4)
    assert [(c.id, s.suspended) for c, s in found] == [("ann.sgd", False), ("cnn.relu", True)]
    assert [c.id for c, _ in find(store, CARDS, "", T0, hour=4)] == [c.id for c in CARDS]


ATOMS = ["deck:ann", "deck:c*", "tag:cnn", "kind:qa", "level:basic", "is:due", "is:new",
         "is:learning", "is:suspended", "is:leech", "is:buried", "is:flagged", "prop:lapses>=3",
         "prop:reps<2", "minima", '"max pooling"', "relu"]
PRECEDENCE = {"or": 1, "and": 2, "not": 3, "atom": 4}
trees = st.recursive(
    st.sampled_from(ATOMS).map(lambda a: ("atom", a)),
    lambda inner: st.one_of(
        st.tuples(st.just("not"), inner),
        st.tuples(st.sampled_from(["and", "or"]), inner, inner),
    ),
    max_leaves=8,
)


def render(tree, need: int = 0) -> str:
    """The query text, with parentheses only where precedence requires them."""
    kind = tree[0]
    if kind == "atom":
        text = tree[1]
    elif kind == "not":
        text = "-" + render(tree[1], PRECEDENCE["not"])
    else:
        own = PRECEDENCE[kind]
        text = render(tree[1], own) + (" or " if kind == "or" else " ") + render(tree[2], own + 1)
    return f"({text})" if PRECEDENCE[kind] < need else text


def expected(tree) -> set[str]:
    kind = tree[0]
    if kind == "atom":
        return ids(tree[1])
    if kind == "not":
        return ALL - expected(tree[1])
    left, right = expected(tree[1]), expected(tree[2])
    return left | right if kind == "or" else left & right


@hsettings(max_examples=300, deadline=None)
@given(trees)
def test_queries_agree_with_set_algebra(tree):
    """``A or B`` is the union, ``A B`` the intersection, ``-A`` the complement, and
    AND binds tighter than OR, for any nesting."""
    assert ids(render(tree)) == expected(tree)


@given(st.sampled_from(ATOMS), st.sampled_from(ATOMS), st.sampled_from(ATOMS))
def test_and_binds_tighter_than_or(a, b, c):
    assert ids(f"{a} {b} or {c}") == (ids(a) & ids(b)) | ids(c)
    assert ids(f"{a} or {b} {c}") == ids(a) | (ids(b) & ids(c))

"""Card kinds, one module each: the card class with everything its kind does.

:mod:`quizapp.content.cards` is the registry that lists them; :mod:`.base` says what a
kind must provide.
"""

"""Fixtures for the grading tests: the shipped exercises, one shared Grader,
and a permissive exercise for hostile code (it may import os, sys, ctypes)."""
from __future__ import annotations

import dataclasses

import pytest

from quizapp.grading import grader as grader_module
from quizapp.grading.exercises import load_exercises

from .grading_support import CONTENT, RecordingWorker


@pytest.fixture(scope="session")
def loaded():
    return load_exercises([CONTENT])


@pytest.fixture(scope="session")
def exercises(loaded):
    exercises, errors = loaded
    assert errors == []
    return {e.id: e for e in exercises}


@pytest.fixture(scope="session")
def grader():
    g = grader_module.Grader()
    yield g
    g.close()


@pytest.fixture
def hostile(exercises, monkeypatch):
    """(grader, exercise): a 0.5 s limit, imports os/sys/ctypes/time allowed.
    (The limit counts from the worker's ready line, so a slow start does not use it up;
    every hostile run but the two that sleep or loop is over within milliseconds.)"""
    monkeypatch.setattr(grader_module, "Worker", RecordingWorker)
    RecordingWorker.started = []
    g = grader_module.Grader(time_limit=0.5)
    ex = dataclasses.replace(exercises["softmax"], imports=("numpy", "os", "sys", "ctypes", "time", "math"))
    yield g, ex
    g.close()

"""Package discovery; everything else is in pyproject.toml.

Packages are found rather than listed, so a new sub-package ships without
anyone remembering to add it (a hand-kept list once left out
``quizapp.interchange`` and a regular install could not export or import).
Discovery lives here because one package, ``quizapp._content``, is the
``content/`` folder under another name (see ``package-dir`` in
pyproject.toml): ``[tool.setuptools.packages.find]`` only finds packages named
after their folders, and a ``packages`` entry in pyproject.toml would replace
this list rather than add to it.
"""
from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["quizapp", "quizapp.*", "engines", "engines.*"]), "quizapp._content"])

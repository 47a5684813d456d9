"""quizapp: a terminal study app for deep-learning interviews."""

__version__ = "0.1.0"

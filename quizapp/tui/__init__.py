"""The Textual front end: thin screens over the study domain in ``quizapp``."""

"""Widgets grouped by the screen that uses them (``browse/``, ``settings/``,
``exercise/``); the few used by several screens sit here at the top."""

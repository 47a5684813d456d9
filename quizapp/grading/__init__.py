"""Checking answers: typed numeric answers against engines, code in a sandbox."""

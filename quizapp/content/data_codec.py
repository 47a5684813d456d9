"""Plain dataclasses to JSON and back, building only classes it was given.

Caches live in the data dir, which learner code or another program could
write. Unpickling such a file runs whatever it names, so caches use this
instead: reading is ``json.loads`` plus calls of the registered dataclass
constructors with the stored fields, nothing else. A file naming any other
class, or fields a class does not take, is rejected with :class:`ValueError`
(the caller then loads afresh).

Encoding: a dataclass is ``{"@": "ClassName", field: value, ...}``, a tuple
``{"@t": [...]}``, any other dict ``{"@d": [[key, value], ...]}`` (pairs, so
no stored key can ever pass for a tag); lists, strings, numbers, booleans and None are JSON.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any


class DataCodec:
    """A JSON codec for a fixed set of dataclasses (and ``extra`` named types)."""

    def __init__(self, classes, extra: dict | None = None):
        """``extra``: name -> (type, to_fields, from_fields) for non-dataclass values."""
        self._build = {cls.__name__: cls for cls in classes}
        self._extra = dict(extra or {})
        self._by_type = {t: (name, out) for name, (t, out, _) in self._extra.items()}
        for name, (_, _, build) in self._extra.items():
            self._build[name] = build

    def dumps(self, value: Any) -> str:
        return json.dumps(self._plain(value), ensure_ascii=False, separators=(",", ":"))

    def loads(self, text: str | bytes) -> Any:
        try:
            return json.loads(text, object_hook=self._object)
        except (TypeError, KeyError, AttributeError, RecursionError) as e:
            raise ValueError(f"not a cache of known data: {e}") from None

    def _plain(self, value: Any) -> Any:
        special = self._by_type.get(type(value))  # first: numpy's float64 is also a float
        if special:
            name, fields = special
            return {"@": name, **{k: self._plain(v) for k, v in fields(value).items()}}
        if value is None or isinstance(value, (str, bool, int, float)):
            return value
        if isinstance(value, list):
            return [self._plain(v) for v in value]
        if isinstance(value, tuple):
            return {"@t": [self._plain(v) for v in value]}
        if isinstance(value, dict):
            return {"@d": [[str(k), self._plain(v)] for k, v in value.items()]}
        if dataclasses.is_dataclass(value) and type(value).__name__ in self._build:
            fields = {f.name: self._plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
            return {"@": type(value).__name__, **fields}
        raise TypeError(f"cannot store {type(value).__name__} in a data-only cache")

    def _object(self, obj: dict) -> Any:
        name = obj.pop("@", None)
        if name is not None:
            return self._build[name](**obj)  # KeyError/TypeError: an unknown class or field
        if len(obj) == 1 and "@t" in obj:
            return tuple(obj["@t"])
        if len(obj) == 1 and "@d" in obj:
            return {str(k): v for k, v in obj["@d"]}  # ValueError/TypeError: not pairs
        raise KeyError("an untagged object")

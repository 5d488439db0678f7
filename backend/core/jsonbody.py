"""JSON request bodies: one check, before any view, that a body is not nested too deeply to parse.

Python's json parser recurses once per level: a body like `[[[[...]]]]` 100,000 deep raises
RecursionError, which no schema or parser catches (they expect ValueError). Flask's own parsing goes
through the provider below, which reports such a body as invalid JSON; the request hook refuses it
with 400 `json_too_deep` for every endpoint, before webargs or a rate-limit key reads it again.
"""

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l

from backend.core.errors import DomainError

#: deeper than any body the API takes, far below the interpreter's recursion limit
MAX_DEPTH = 64


class JsonTooDeep(ValueError):
    """The body is nested more than MAX_DEPTH levels (a ValueError, as Flask expects of bad JSON)."""


def nesting_depth(value) -> int:
    """Levels of arrays and objects in a parsed value, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise JsonTooDeep from None
        if nesting_depth(value) > MAX_DEPTH:
            raise JsonTooDeep
        return value


def refuse_deep_json() -> None:
    """Before every request: a JSON body nested too deeply is refused; other bad JSON is the parser's to name."""
    if not request.is_json:
        return
    body = request.get_data(cache=True)
    if not body:
        return
    try:
        current_app.json.loads(body)
    except JsonTooDeep:
        raise DomainError(400, "json_too_deep", _l("The JSON body is nested too deeply.")) from None
    except ValueError:
        return


def init_app(app: Flask) -> None:
    app.json = JSONProvider(app)
    app.before_request(refuse_deep_json)

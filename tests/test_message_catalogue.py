"""Every message the backend can answer with has its Chinese translation in the catalogue.

A message no one translated reaches a Chinese user in English, inside an otherwise Chinese answer.
The messages are read from the code itself: what is marked for translation (`_l`, `gettext`, `N_`),
what a validator is told to say (`error=`), and what a `ValidationError` is raised with.
"""

import ast
from pathlib import Path

import marshmallow as ma
from babel.messages.pofile import read_po

from backend.core.schemas import FullMatch

BACKEND = Path(__file__).resolve().parent.parent / "backend"
CATALOGUE = BACKEND / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
MARKERS = {"_", "_l", "gettext", "lazy_gettext", "N_"}
VALIDATORS = {name for name in dir(ma.validate) if isinstance(getattr(ma.validate, name), type)} | {FullMatch.__name__}


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _texts(node) -> list[str]:
    """A literal message, or the literal messages of a `{field: [message, ...]}` dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Dict, ast.List)):
        return [text for child in (node.values if isinstance(node, ast.Dict) else node.elts) for text in _texts(child)]
    return []


def _messages_of(call: ast.Call) -> list[str]:
    name = _name(call.func)
    found = []
    if call.args and (name in MARKERS or name == "ValidationError"):
        found += _texts(call.args[0])
    if name in VALIDATORS:
        found += [text for k in call.keywords if k.arg == "error" for text in _texts(k.value)]
    return found


def backend_messages() -> dict[str, str]:
    messages = {}
    for path in BACKEND.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                messages.update({text: str(path.relative_to(BACKEND)) for text in _messages_of(node)})
    return messages


def test_every_message_of_the_backend_has_a_chinese_translation():
    with CATALOGUE.open("rb") as f:
        translated = {m.id for m in read_po(f) if m.id and m.string}
    messages = backend_messages()
    assert len(messages) > 100  # the scan finds the code's messages
    missing = sorted(f"{where}: {text}" for text, where in messages.items() if text not in translated)
    assert missing == []

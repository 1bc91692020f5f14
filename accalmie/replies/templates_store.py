"""The stored template library: loaded from the shipped defaults, then edited by admins."""

from __future__ import annotations


def _shipped() -> list[dict]:
    """The default templates as data (replies/template_library.py), or none yet."""
    try:
        from . import template_library
    except ImportError:
        return []
    for name in ("all_templates", "templates", "default_templates"):
        fn = getattr(template_library, name, None)
        if callable(fn):
            return [_as_dict(t) for t in fn()]
    for name in ("TEMPLATES", "LIBRARY", "DEFAULT_TEMPLATES"):
        data = getattr(template_library, name, None)
        if data:
            return [_as_dict(t) for t in data]
    return []


def _as_dict(t) -> dict:
    if isinstance(t, dict):
        return t
    return {
        k: getattr(t, k)
        for k in ("key", "language", "title", "body", "categories", "move")
        if hasattr(t, k)
    }


def load_library() -> int:
    """Creates the shipped templates missing from the database; returns how many."""
    from .models import ReplyTemplate

    created = 0
    for t in _shipped():
        _obj, was_created = ReplyTemplate.objects.get_or_create(
            key=t["key"],
            language=t["language"],
            defaults={
                "title": str(t.get("title") or t["key"]),
                "body": str(t["body"]),
                "categories": list(t.get("categories") or []),
                "move": str(t.get("move") or ""),
            },
        )
        created += was_created
    return created

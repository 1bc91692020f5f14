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


def case_reference(message) -> str:
    from django.conf import settings

    prefix = getattr(settings, "ACCALMIE_CASE_REF_PREFIX", "RA")
    return f"{prefix}-{message.pk}"


def variables_for(message, user) -> dict[str, str]:
    """The values a template's placeholders take for this message and this agent."""
    author = message.author
    return {
        "author_name": author.display_name or f"@{author.handle}",
        "case_ref": case_reference(message),
        "agent_first_name": (user.first_name or user.get_username()) if user else "",
    }


SAMPLE_VARIABLES = {"author_name": "Camille", "case_ref": "RA-1234", "agent_first_name": "Léa"}


def render_body(body: str, variables: dict[str, str]) -> str:
    """The body with its placeholders filled; other braces are left as written."""
    try:
        from .template_library import render
    except ImportError:
        render = None
    if render is not None:
        try:
            return render(body, **variables)
        except (KeyError, ValueError, IndexError):
            pass
    for name, value in variables.items():
        body = body.replace("{" + name + "}", value)
    return body


def suggested_templates(message, *, limit: int = 6):
    """Active templates in the message's language, those made for its category first."""
    from .models import ReplyTemplate

    language = message.language if message.language in ("fr", "en") else "fr"
    rows = list(ReplyTemplate.objects.filter(active=True, language=language))
    category = message.category or ""

    def rank(t):
        if category and category in (t.categories or []):
            return 0
        return 1 if not t.categories else 2

    rows.sort(key=lambda t: (rank(t), t.title))
    return [t for t in rows if rank(t) < 2][:limit], rows

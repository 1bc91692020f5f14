"""The stored template library: loaded from the shipped defaults, then edited by admins."""

from __future__ import annotations


def _shipped() -> list[dict]:
    """The default templates as data (replies/template_library.py)."""
    from .template_library import all_templates

    return [
        {
            "key": t.key,
            "language": t.language,
            "title": t.title,
            "body": t.body,
            "categories": list(t.categories),
            "move": t.move,
        }
        for t in all_templates()
    ]


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
        "network": message.channel.get_kind_display(),
    }


SAMPLE_VARIABLES = {"author_name": "Camille", "case_ref": "RA-1234", "agent_first_name": "Léa"}


def render_body(body: str, variables: dict[str, str]) -> str:
    """The body with its placeholders filled; other braces are left as written."""
    from .template_library import render

    return render(body, **variables)


def suggested_templates(message, *, limit: int = 6):
    """(suggested, every template in the language): those fitting the category, best move first."""
    from .models import ReplyTemplate
    from .template_library import suggest

    language = message.language if message.language in ("fr", "en") else "en"
    rows = list(ReplyTemplate.objects.filter(active=True, language=language).order_by("key"))
    suggested = suggest(rows, category=message.category or None, language=language, limit=limit)
    return suggested, rows

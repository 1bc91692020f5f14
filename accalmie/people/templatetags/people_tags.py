"""Panels other pages include: link proposals for an author, the pile-on strip."""

from django import template

register = template.Library()


@register.simple_tag
def link_suggestions(author) -> list[dict]:
    """Open "probably the same person" proposals involving this account, with their evidence."""
    from accalmie.people.suggestions import evidence, open_suggestions

    if author is None:
        return []
    return [evidence(s) for s in open_suggestions([author.pk])]


@register.simple_tag
def recent_pileons():
    from accalmie.people.pileons import recent_pileons as recent

    return list(recent())

from django import template

register = template.Library()


@register.filter
def utc(value) -> str:
    """A chain timestamp (``2026-11-21T07:42:06.844629Z``) as ``2026-11-21 07:42:06 UTC``."""
    if not value:
        return ""
    text = str(value)
    if len(text) >= 19 and text[10] == "T":
        return f"{text[:10]} {text[11:19]} UTC"
    return text

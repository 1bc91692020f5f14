"""An incident's title in the reader's language.

An automatic title ("Threat — @handle") is written when the incident opens, often
by the ingest pipeline where no language is active, so it is stored in English.
It is recognised and rebuilt for the reader; a title a person typed is shown as is.
"""

from django.utils import translation

TITLE_MAX = 200


def _auto_title(message) -> str:
    return f"{message.get_category_display()} — @{message.author.handle}"[:TITLE_MAX]


def shown_title(incident) -> str:
    message = incident.message
    with translation.override("en"):
        stored_auto = _auto_title(message)
    if incident.title == stored_auto:
        return _auto_title(message)
    return incident.title

"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

The index is built by the migration of each backend (0002_fulltext); this
module turns what a person typed into a safe query for it. Nothing typed is
ever passed as query syntax: each word is a quoted term, all must match.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
SEARCH_CONFIG = "simple"  # French and English side by side: no stemming, no stop words


# unaccent is an extension a hosted PostgreSQL may not allow; translate() is
# built in and immutable, so it can be indexed. Shared with migration 0002.
ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUY"
POSTGRES_DOCUMENT = (
    f"to_tsvector('simple'::regconfig, translate(COALESCE(text, ''), '{ACCENTED}', '{PLAIN}'))"
)


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(query: str) -> list[str]:
    return WORD.findall(query.lower())[:MAX_TERMS]


def sqlite_match(query: str) -> str:
    """Each term quoted (FTS5 syntax cannot leak in); the last one as a prefix."""
    words = terms(query)
    if not words:
        return ""
    match = " ".join(f'"{w}"' for w in words[:-1])
    return f'{match} "{words[-1]}"*'.strip()


def search_messages(queryset: QuerySet, query: str) -> QuerySet:
    words = terms(query)
    if not words:
        return queryset
    if connection.vendor == "sqlite":
        match = sqlite_match(query)
        return queryset.filter(
            id__in=RawSQL(  # noqa: S611  (constant SQL; the query is a parameter)
                "SELECT rowid FROM inbox_message_fts WHERE inbox_message_fts MATCH %s", [match]
            )
        )
    if connection.vendor == "postgresql":
        words = [fold(w) for w in words]
        tsquery = " & ".join(f"{w}:*" if i == len(words) - 1 else w for i, w in enumerate(words))
        # The expression is the indexed one (migration 0002), written out so the
        # planner recognises it; a self-contained subquery, so it holds whatever
        # alias the outer query gives inbox_message. Only the query is a parameter.
        return queryset.filter(
            id__in=RawSQL(  # noqa: S611  (constant SQL; the query is a parameter)
                f"SELECT id FROM inbox_message WHERE {POSTGRES_DOCUMENT} "  # noqa: S608
                "@@ to_tsquery('simple'::regconfig, %s)",
                [tsquery],
            )
        )
    # Any other backend: correct but unindexed.
    for w in words:
        queryset = queryset.filter(text__icontains=w)
    return queryset

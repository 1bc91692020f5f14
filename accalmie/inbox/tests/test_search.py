import pytest
from django.db import connection

from accalmie.inbox.queries import InboxFilter, filtered
from accalmie.inbox.search import fold, terms

pytestmark = pytest.mark.django_db


def test_terms_keep_words_only():
    assert terms('Retard "OR" NEAR(*) annulé!') == ["retard", "or", "near", "annulé"]
    assert fold("annulé Où") == "annule Ou"


def plan(query: str) -> str:
    qs = filtered(InboxFilter(q=query), None).order_by("-created_at", "-id")[:50]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_search_uses_the_full_text_index(message):
    assert "inbox_message_fts" in plan("retard annulé")


def test_index_follows_inserts_updates_and_deletes(message):
    # On SQLite a migration that rebuilds inbox_message drops the FTS triggers:
    # this fails if a later migration forgets to recreate them.
    def hits(q):
        return list(filtered(InboxFilter(q=q), None).values_list("pk", flat=True))

    assert hits("retard") == [message.pk]
    message.text = "Wagon bondé"
    message.save()
    assert hits("retard") == [] and hits("bonde") == [message.pk]
    message.delete()
    assert hits("bonde") == []

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


def test_search_pages_walk_every_match_once_newest_first(
    client, agent, channel, settings, monkeypatch
):
    from accalmie.inbox import queries
    from accalmie.testing.factories import MessageFactory

    monkeypatch.setattr(queries, "SEARCH_CHUNK", 3)  # several FTS chunks per page
    settings.INBOX_PAGE_SIZE = 4
    hits = [
        MessageFactory(
            channel=channel, text=f"retard numéro {i}", status="new" if i % 2 else "closed"
        )
        for i in range(11)
    ]
    MessageFactory.create_batch(5, channel=channel, text="merci")
    client.force_login(agent)
    seen, cursor = [], None
    while True:
        r = client.get(
            "/", {"q": "retard", "status": "new", **({"cursor": cursor} if cursor else {})}
        )
        seen += [m.pk for m in r.context["page"].items]
        cursor = r.context["page"].next_cursor
        if not cursor:
            break
    expected = sorted((m.pk for m in hits if m.status == "new"), reverse=True)
    assert seen == expected

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accalmie.audit.models import entries_for
from accalmie.inbox.models import Message
from accalmie.testing.factories import ChannelFactory, MessageFactory

pytestmark = pytest.mark.django_db


def rows(response):
    return [m.pk for m in response.context["page"].items]


def test_login_required(client):
    r = client.get("/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_one_stream_newest_first_across_channels(client, agent):
    x = ChannelFactory(name="x-main", kind="x")
    old = MessageFactory(created_at=timezone.now() - timedelta(hours=3))
    new = MessageFactory(channel=x, created_at=timezone.now())
    client.force_login(agent)
    r = client.get("/")
    assert r.status_code == 200
    assert rows(r) == [new.pk, old.pk]
    assert b"x-main" in r.content


def test_filters(client, agent, channel):
    other = ChannelFactory(name="masto", kind="mastodon")
    a = MessageFactory(channel=channel, language="fr", category="negative")
    b = MessageFactory(
        channel=other, language="en", category="question", assignee=agent, status="assigned"
    )
    client.force_login(agent)
    assert rows(client.get("/?channel=masto")) == [b.pk]
    assert rows(client.get("/?language=fr")) == [a.pk]
    assert rows(client.get("/?category=question")) == [b.pk]
    assert rows(client.get("/?status=assigned")) == [b.pk]
    assert rows(client.get("/?owner=me")) == [b.pk]
    assert rows(client.get("/?owner=unassigned")) == [a.pk]
    assert set(rows(client.get("/?owner=mine_or_unassigned"))) == {a.pk, b.pk}
    assert rows(client.get("/?status=open")) == [b.pk, a.pk]


def test_full_text_search(client, agent, channel):
    hit = MessageFactory(text="Le TGV 8817 est annulé, aucune information en gare")
    MessageFactory(text="Merci pour le café offert")
    client.force_login(agent)
    assert rows(client.get("/?q=annule")) == [hit.pk]  # accents folded on SQLite; prefix too
    assert rows(client.get("/?q=aucune informa")) == [hit.pk]
    assert rows(client.get("/?q=8817")) == [hit.pk]
    assert rows(client.get('/?q="OR" NEAR(* :')) == []  # query syntax cannot leak in


def test_keyset_pagination_walks_every_message_once(client, agent, settings):
    settings.INBOX_PAGE_SIZE = 7
    same_time = timezone.now()
    made = [MessageFactory(**({"created_at": same_time} if i % 3 == 0 else {})) for i in range(20)]
    client.force_login(agent)
    seen, cursor = [], None
    while True:
        r = client.get("/", {"cursor": cursor} if cursor else {})
        seen += rows(r)
        cursor = r.context["page"].next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(m.pk for m in made) and len(seen) == len(set(seen))


def test_bad_cursor_and_filters_are_ignored(client, agent, message):
    client.force_login(agent)
    assert rows(client.get("/?cursor=@@@&status=bogus&category=<x>&owner=zz")) == [message.pk]


def test_live_endpoint_returns_only_new_rows(client, agent, message):
    client.force_login(agent)
    r = client.get(reverse("inbox:new"), {"after": message.pk})
    assert b'data-id="' not in r.content
    newer = MessageFactory(text="fresh one")
    r = client.get(reverse("inbox:new"), {"after": message.pk})
    assert f'data-id="{newer.pk}"'.encode() in r.content
    assert f"after={newer.pk}".encode() in r.content  # the poller moves on


def test_detail_shows_conversation_and_author(client, agent, channel):
    root = MessageFactory(network_id="root", text="Premier message")
    reply = MessageFactory(
        network_id="r", thread_key="root", text="Toujours rien ?", author=root.author
    )
    client.force_login(agent)
    r = client.get(reverse("inbox:detail", args=[reply.pk]))
    assert r.status_code == 200
    assert b"Premier message" in r.content and b"Toujours rien" in r.content
    assert root.author.handle.encode() in r.content


def test_agent_assigns_to_self_and_audit_records_who_when_where(client, agent, message):
    client.force_login(agent)
    r = client.post(
        reverse("inbox:assign", args=[message.pk]), {"to": "me"}, REMOTE_ADDR="203.0.113.9"
    )
    assert r.status_code == 302
    message.refresh_from_db()
    assert message.assignee == agent and message.status == "assigned"
    entry = entries_for(message).get()
    assert entry.actor == agent and entry.action == "message.assigned"
    assert entry.ip == "203.0.113.9" and entry.data["to"] == agent.username


def test_agent_cannot_assign_teammates_but_approver_can(client, agent, approver, message):
    client.force_login(agent)
    client.post(reverse("inbox:assign", args=[message.pk]), {"to": approver.pk})
    message.refresh_from_db()
    assert message.assignee is None
    client.force_login(approver)
    client.post(reverse("inbox:assign", args=[message.pk]), {"to": agent.pk})
    message.refresh_from_db()
    assert message.assignee == agent


def test_status_change_is_audited_and_flow_states_are_refused(client, agent, message):
    client.force_login(agent)
    client.post(reverse("inbox:status", args=[message.pk]), {"status": "resolved"})
    client.post(reverse("inbox:status", args=[message.pk]), {"status": "replied"})
    message.refresh_from_db()
    assert message.status == "resolved"
    assert [e.data for e in entries_for(message)] == [{"from": "new", "to": "resolved"}]


def test_legal_reads_but_cannot_work(client, legal, message):
    client.force_login(legal)
    assert client.get("/").status_code == 200
    r = client.post(reverse("inbox:assign", args=[message.pk]), {"to": "me"})
    assert r.status_code == 403
    assert Message.objects.get().assignee is None


def test_user_without_role_sees_nothing(client, message):
    from accalmie.testing.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/").status_code == 403
    assert client.get(reverse("inbox:detail", args=[message.pk])).status_code == 403


def test_csv_export_defuses_formulas(client, agent):
    MessageFactory(text='=HYPERLINK("http://evil","click")')
    MessageFactory(text="@SUM(A1)")
    client.force_login(agent)
    r = client.get(reverse("inbox:export"))
    body = b"".join(r.streaming_content).decode()
    assert "'=HYPERLINK" in body and "'@SUM" in body
    assert "\n=" not in body and ",=" not in body


def test_spam_is_folded_away_but_one_click_away(client, agent, channel):
    ham = MessageFactory(category="negative")
    spam = MessageFactory(category="spam", text="voir 7 11 signification")
    client.force_login(agent)
    r = client.get("/")
    assert rows(r) == [ham.pk] and r.context["spam_count"] == 1
    assert b"?category=spam" in r.content
    assert rows(client.get("/?category=spam")) == [spam.pk]


def test_due_first_lists_open_deadlines_soonest_first(client, agent, channel, settings):
    settings.INBOX_PAGE_SIZE = 2
    now = timezone.now()
    late = MessageFactory(due_at=now - timedelta(minutes=5))
    soon = MessageFactory(due_at=now + timedelta(minutes=10))
    later = MessageFactory(due_at=now + timedelta(minutes=50))
    MessageFactory(due_at=now - timedelta(hours=1), status="resolved")
    MessageFactory(due_at=None)
    client.force_login(agent)
    r = client.get("/?sort=due")
    assert rows(r) == [late.pk, soon.pk]
    r = client.get("/", {"sort": "due", "cursor": r.context["page"].next_cursor})
    assert rows(r) == [later.pk]


def test_conversation_keeps_to_the_author_under_a_busy_post(client, agent, channel):
    from accalmie.testing.factories import AuthorFactory

    alice, bob = AuthorFactory(), AuthorFactory()

    def make(**kw):
        return MessageFactory(channel=channel, thread_key="post", **kw)

    root = make(network_id="post", author=bob, text="Brand post")
    mine = make(network_id="a1", in_reply_to="post", author=alice, text="Alice complains")
    make(network_id="b1", in_reply_to="post", author=bob, text="Bob unrelated")
    answer = make(network_id="c1", in_reply_to="a1", author=bob, text="Bob answers Alice")
    convo = list(mine.conversation())
    assert convo == [root, mine, answer]
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[mine.pk])).content.decode()
    assert "Bob answers Alice" in html and "Bob unrelated" not in html


def test_open_threats_stay_in_sight_above_the_stream(client, agent, channel):
    threat = MessageFactory(category="threat", created_at=timezone.now() - timedelta(days=2))
    MessageFactory(category="threat", status="closed")
    client.force_login(agent)
    r = client.get("/")
    assert [m.pk for m in r.context["urgent"]] == [threat.pk]
    assert "Open threats" in r.content.decode()
    assert list(client.get("/?language=en").context["urgent"]) == []
    # "due first" is a sort, not a filter: the threats stay on top
    assert [m.pk for m in client.get("/?sort=due").context["urgent"]] == [threat.pk]


def test_status_select_does_not_pretend_a_replied_case_is_new(client, agent):
    # "replied" is set by the workflow, not offered in the select: it must not show "New".
    replied = MessageFactory(status="replied")
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[replied.pk])).content.decode()
    assert '<option value="" disabled selected>—</option>' in html
    assert '<option value="new" selected>' not in html.replace("  ", " ")
    new = MessageFactory(status="new")
    html = client.get(reverse("inbox:detail", args=[new.pk])).content.decode()
    assert '<option value="" disabled>—</option>' in html


def test_labels_set_by_the_application_read_in_french(client, agent):
    MessageFactory(labels=["escalated", "Grève du 19"])
    client.force_login(agent)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<span class="label">escaladé</span>' in html
    assert '<span class="label">Grève du 19</span>' in html  # a team's own label, as typed


def test_earlier_messages_say_whether_they_were_answered(client, agent):
    # journey 2: "two past complaints, answered" must be readable on the card
    past = MessageFactory(category="negative", status="replied", text="Encore en retard")
    now = MessageFactory(author=past.author, channel=past.channel, category="negative")
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[now.pk])).content.decode()
    recent = html.split('class="recent"', 1)[1].split("</ul>", 1)[0]
    assert "Encore en retard" in recent and "Replied" in recent and "Complaint" in recent

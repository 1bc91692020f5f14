import json

import pytest
from django.urls import reverse

from accalmie.audit.models import AuditEntry
from accalmie.channels.models import OutboundAction
from accalmie.evidence.capture import capture_messages
from accalmie.people import actions
from accalmie.people.models import Author, Contact, ContactTag, Notification
from accalmie.people.profile import follow_status, influence
from accalmie.testing import hostile
from accalmie.testing.factories import AuthorFactory, ChannelFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_influence_and_follow_status():
    assert [influence(n) for n in (None, 12, 4_000, 50_000, 2_000_000)] == [
        "unknown",
        "under 1k followers",
        "1k–10k followers",
        "10k–100k followers",
        "over 100k followers",
    ]
    assert follow_status({}) == {"brand_follows": None, "follows_brand": None}
    bsky = {"author": {"viewer": {"following": "at://did:plc:brand/app.bsky.graph.follow/1"}}}
    assert follow_status(bsky) == {"brand_follows": True, "follows_brand": False}
    stored = {"text": "…", "raw": {"author": {"viewer": {"followedBy": "at://x/follow/2"}}}}
    assert follow_status(stored) == {"brand_follows": False, "follows_brand": True}
    assert follow_status({"raw": "not a dict"}) == {"brand_follows": None, "follows_brand": None}


def test_an_account_page_shows_profile_history_messages_and_replies(client, agent):
    channel = ChannelFactory(kind="bluesky")
    author = AuthorFactory(handle="alice.bsky.social", display_name="Alice", followers=40)
    first = MessageFactory(channel=channel, author=author, text="Mon train a du retard")
    capture_messages([first])
    author.bio, author.followers = "voyageuse", 45
    author.save()
    second = MessageFactory(channel=channel, author=author, text="Toujours rien ?")
    capture_messages([second])
    OutboundAction.objects.create(
        channel=channel,
        verb="reply",
        message=first,
        payload={"text": "Bonjour Alice, nous regardons."},
        idempotency_key="r1",
        state="sent",
    )
    client.force_login(agent)

    page = client.get(reverse("people:author", args=[author.pk])).content.decode()

    assert page.index("Toujours rien ?") < page.index("Mon train a du retard")  # newest first
    assert "Bonjour Alice, nous regardons." in page
    assert "under 1k followers" in page and "unknown" in page
    assert 'followers: <del dir="auto">40</del> → <ins dir="auto">45</ins>' in page
    assert "first seen" in page


def test_a_note_mentions_a_teammate_and_makes_the_contact(client, agent):
    colleague = UserFactory(role="agent", username="julie")
    UserFactory(role="agent", username="inactive", is_active=False)
    author = AuthorFactory(handle="bob.bsky.social")
    MessageFactory(author=author)
    client.force_login(agent)

    response = client.post(
        reverse("people:note", args=["accounts", author.pk]),
        {"text": "Client régulier, @julie tu peux le rappeler ? @inactive @nobody"},
    )

    author.refresh_from_db()
    assert response.status_code == 302 and author.contact is not None
    assert response["Location"] == reverse("people:contact", args=[author.contact.pk])
    note = author.contact.notes.get()
    notice = Notification.objects.get()
    assert notice.recipient == colleague and notice.kind == "mention"
    assert notice.url.endswith(f"#note-{note.pk}")
    assert "mentioned you in a note" in notice.text
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "contact.created",
        "contact.note_added",
    }
    client.force_login(colleague)
    assert "mentioned you" in client.get(reverse("people:notifications")).content.decode()


def test_tags_filter_and_sort_the_contacts(client, agent):
    vip = actions.ensure_contact(
        AuthorFactory(handle="star.bsky.social", troll_score=0.1), by=agent
    )
    troll = actions.ensure_contact(
        AuthorFactory(handle="mean.bsky.social", troll_score=0.9), by=agent
    )
    actions.add_tag(vip, "VIP", by=agent)
    actions.add_tag(troll, "troll", by=agent)
    actions.add_tag(troll, "  Campagne   grève ", by=agent)
    assert set(ContactTag.objects.values_list("name", flat=True)) == {
        "vip",
        "troll",
        "campagne grève",
    }
    client.force_login(agent)

    by_tag = client.get(reverse("people:contacts"), {"tag": "vip"}).content.decode()
    assert "star.bsky.social" in by_tag and "mean.bsky.social" not in by_tag
    by_handle = client.get(reverse("people:contacts"), {"q": "@mean"}).content.decode()
    assert "mean.bsky.social" in by_handle and "star.bsky.social" not in by_handle
    by_score = client.get(reverse("people:contacts"), {"sort": "troll"}).content.decode()
    assert by_score.index("mean.bsky.social") < by_score.index("star.bsky.social")


def test_contact_details_are_for_those_who_work_messages(client, agent, legal):
    author = AuthorFactory()
    contact = actions.ensure_contact(author, by=agent)
    client.force_login(agent)
    client.post(
        reverse("people:detail", args=["contacts", contact.pk]),
        {
            "kind": "email",
            "value": "bob@example.org",
            "obtained_via": "DM on Bluesky",
            "obtained_on": "2026-11-20",
        },
    )
    page = client.get(reverse("people:contact", args=[contact.pk])).content.decode()
    assert "bob@example.org" in page and "obtained via DM on Bluesky" in page
    entry = AuditEntry.objects.get(action="contact.detail_added")
    assert "bob@example.org" not in json.dumps(entry.data)

    client.force_login(legal)
    page = client.get(reverse("people:contact", args=[contact.pk])).content.decode()
    assert "bob@example.org" not in page
    assert (
        client.post(
            reverse("people:note", args=["contacts", contact.pk]), {"text": "x"}
        ).status_code
        == 403
    )


def test_hostile_names_bios_and_notes_stay_text(client, agent):
    author = AuthorFactory(
        display_name=hostile.SAMPLES[0], bio=hostile.SAMPLES[1], handle=hostile.SAMPLES[3][:200]
    )
    MessageFactory(author=author, text=hostile.SAMPLES[2])
    contact = actions.ensure_contact(author, by=agent)
    samples = [s for s in hostile.SAMPLES if "\ud800" not in s and "\x00" not in s]
    for text in samples:
        actions.add_note(contact, text + " @agent-a", by=agent)
        actions.add_tag(contact, "troll", by=agent)
    client.force_login(agent)
    for url in (
        reverse("people:contact", args=[contact.pk]),
        reverse("people:contacts") + "?q=script",
    ):
        page = client.get(url).content.decode()
        assert f"<script>{hostile.MARK}" not in page
        assert "<img src=x" not in page and "<svg/onload" not in page
        assert "<details open ontoggle" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page  # shown, as text


def test_link_unlink_and_merge_are_audited(client, agent):
    a = AuthorFactory(network="x", handle="bob_x")
    b = AuthorFactory(network="bluesky", handle="bob.bsky.social")
    c = AuthorFactory(network="mastodon", handle="bob@mastodon.social")
    first = actions.ensure_contact(a, by=agent)
    second = actions.ensure_contact(c, by=agent)
    actions.add_note(second, "vu sur mastodon", by=agent)
    client.force_login(agent)

    client.post(
        reverse("people:link", args=["contacts", first.pk]),
        {"network": "bluesky", "handle": "@bob.bsky.social", "reason": "même photo"},
    )
    client.post(
        reverse("people:link", args=["contacts", first.pk]),
        {"network": "mastodon", "handle": "bob@mastodon.social"},
    )

    assert set(first.accounts.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}
    assert not Contact.objects.filter(pk=second.pk).exists()
    assert first.notes.filter(text="vu sur mastodon").exists()  # merged, not lost

    client.post(reverse("people:unlink", args=[b.pk]), {"reason": "homonyme"})
    b.refresh_from_db()
    assert b.contact is None
    actions_done = list(AuditEntry.objects.values_list("action", flat=True))
    for action in ("contact.account_linked", "contact.merged", "contact.account_unlinked"):
        assert action in actions_done
    linked = AuditEntry.objects.get(action="contact.account_linked")
    assert (
        linked.data["reason"] == "même photo"
        and linked.describe() == "account linked into the contact"
    )
    page = client.get(reverse("people:contact", args=[first.pk])).content.decode()
    assert "account linked into the contact (@<bdi>bob.bsky.social</bdi>)" in page
    assert "contacts merged" in page


def test_moderation_buttons_say_why_a_network_cannot(client, agent):
    author = AuthorFactory(network="webhook")
    MessageFactory(author=author, channel=ChannelFactory(kind="webhook"))
    client.force_login(agent)
    page = client.get(reverse("people:author", args=[author.pk])).content.decode()
    assert '<button disabled title="' in page and "Report as spam" in page


def test_legal_reads_but_cannot_link(client, legal, agent):
    author = AuthorFactory()
    client.force_login(legal)
    assert client.get(reverse("people:author", args=[author.pk])).status_code == 200
    other = AuthorFactory()
    response = client.post(
        reverse("people:link", args=["accounts", author.pk]),
        {"network": other.network, "handle": other.handle},
    )
    assert response.status_code == 403
    assert Author.objects.filter(contact__isnull=False).count() == 0


def test_block_from_the_contact_goes_through_moderation_requests(client, agent):
    from accalmie.moderation.models import ModerationRequest

    channel = ChannelFactory(kind="bluesky")
    author = AuthorFactory(network="bluesky")
    MessageFactory(channel=channel, author=author, category="abuse", text="old")
    latest = MessageFactory(channel=channel, author=author, category="abuse", text="new")
    client.force_login(agent)
    page = client.get(reverse("people:author", args=[author.pk])).content.decode()
    url = reverse("moderation:request", args=[latest.pk])
    assert f'action="{url}"' in page and '<option value="block">' in page

    client.post(url, {"action": "block", "reason": "harcèlement répété"})

    request = ModerationRequest.objects.get()
    assert (request.action, request.author_id, request.requested_by_id) == (
        "block",
        author.pk,
        agent.pk,
    )


def test_the_message_page_shows_the_person(client, agent):
    author = AuthorFactory(handle="carla.bsky.social", display_name="Carla")
    message = MessageFactory(author=author)
    contact = actions.ensure_contact(author, by=agent)
    actions.add_tag(contact, "vip", by=agent)
    actions.add_note(contact, "Journaliste au Courrier de l'Ouest, répondre vite", by=agent)
    client.force_login(agent)

    page = client.get(reverse("inbox:detail", args=[message.pk])).content.decode()

    assert reverse("people:contact", args=[contact.pk]) in page
    assert '<span class="label">VIP</span>' in page
    assert "Journaliste au Courrier de l&#x27;Ouest" in page


def test_legal_can_build_the_contact_dossier_from_its_page(client, agent, legal):
    contact = actions.ensure_contact(AuthorFactory(), by=agent)
    url = reverse("evidence:dossier_request")
    client.force_login(legal)
    page = client.get(reverse("people:contact", args=[contact.pk])).content.decode()
    assert f'action="{url}"' in page and 'name="subject" value="contact"' in page
    client.force_login(agent)
    assert url not in client.get(reverse("people:contact", args=[contact.pk])).content.decode()


def test_a_contact_left_without_accounts_keeps_its_notes(client, agent):
    author = AuthorFactory()
    contact = actions.ensure_contact(author, by=agent)
    actions.add_note(contact, "a gardé le ticket", by=agent)
    actions.unlink_account(author, by=agent, reason="erreur")
    client.force_login(agent)
    page = client.get(reverse("people:contact", args=[contact.pk]))
    assert page.status_code == 200 and "a gardé le ticket" in page.content.decode()


def test_the_contact_page_speaks_french(client, agent):
    author = AuthorFactory(followers=20_000)
    contact = actions.ensure_contact(author, by=agent)
    client.force_login(agent)
    page = client.get(
        reverse("people:contact", args=[contact.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    for text in ("Notes de l’équipe", "Coordonnées", "10 000 à 100 000 abonnés", "inconnu"):
        assert text in page

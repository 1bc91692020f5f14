"""Moderation through the web layer: the panel, the code page, the pending list."""

import pytest

from accalmie.moderation.defaults import ensure_code_of_conduct
from accalmie.moderation.models import ConductRule, ModerationRequest
from accalmie.replies.policy import ensure_default_policies
from accalmie.testing.factories import ChannelFactory, MessageFactory

from .connector import ModNetConnector  # noqa: F401  (registers the "modnet" network)

pytestmark = pytest.mark.django_db


@pytest.fixture
def insult(db):
    ensure_code_of_conduct()
    ensure_default_policies()
    channel = ChannelFactory(name="modnet-v", kind="modnet")
    return MessageFactory(channel=channel, category="abuse", text="Bande de clowns")


def test_panel_offers_what_the_network_supports_and_says_why_not(client, agent, insult):
    client.force_login(agent)
    page = client.get(f"/m/{insult.pk}/").content.decode()
    assert 'name="action" value="hide" required' in page
    assert 'value="delete" disabled' in page
    assert "Only the brand&#x27;s own posts can be deleted here." in page


def test_request_then_approve_from_the_pending_page(client, agent, approver, insult):
    client.force_login(agent)
    rule = ConductRule.objects.get(code="insults")
    client.post(
        f"/moderation/m/{insult.pk}/request/",
        {"action": "hide", "rule": rule.pk, "reason": "Insulte l'équipe"},
    )
    req = ModerationRequest.objects.get()
    assert req.state == "pending"
    assert client.get("/moderation/pending/").status_code == 403  # agents do not approve

    client.force_login(approver)
    page = client.get("/moderation/pending/").content.decode()
    assert "Insulte l&#x27;équipe" in page and "Insults and harassment" in page
    client.post(f"/moderation/requests/{req.pk}/approve/")
    req.refresh_from_db()
    assert req.state == "queued" and req.outbound.idempotency_key == f"moderation-{req.pk}"


def test_a_refused_request_says_why(client, agent, insult):
    insult.category = "negative"
    insult.save()
    client.force_login(agent)
    response = client.post(
        f"/moderation/m/{insult.pk}/request/",
        {"action": "hide", "rule": "", "reason": "bad for us"},
        follow=True,
    )
    assert "answered, not removed" in response.content.decode()
    assert not ModerationRequest.objects.exists()


def test_code_of_conduct_page_in_french(client, agent, insult):
    client.force_login(agent)
    page = client.get("/moderation/code/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Insults and harassment" in page
    from accalmie.accounts.models import Profile

    Profile.objects.update_or_create(user=agent, defaults={"language": "fr"})
    page = client.get("/moderation/code/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Insultes et harcèlement" in page


def test_pending_requests_show_on_the_approvals_queue(client, agent, approver, insult):
    from django.urls import reverse

    from accalmie.moderation import actions

    rule = ConductRule.objects.get(code="insults")
    actions.request_moderation(insult, action="hide", rule=rule, reason="Insulte", by=agent)
    client.force_login(approver)
    page = client.get(reverse("replies:approvals")).content.decode()
    assert "Moderation requests" in page and "Insults and harassment" in page
    assert "/moderation/requests/" in page


def test_request_and_approval_each_confirm_what_happened(client, agent, approver, insult):
    client.force_login(agent)
    rule = ConductRule.objects.get(code="insults")
    r = client.post(
        f"/moderation/m/{insult.pk}/request/",
        {"action": "hide", "rule": rule.pk, "reason": "Insulte"},
        follow=True,
    )
    assert "Sent for approval." in r.content.decode()
    client.force_login(approver)
    req = ModerationRequest.objects.get()
    r = client.post(f"/moderation/requests/{req.pk}/approve/", {"next": "approvals"}, follow=True)
    assert "Approved: the action is being sent." in r.content.decode()
    assert r.redirect_chain[-1][0] == "/replies/approvals/"

"""Journey 3's moderation in a real browser: ask to hide under "insults", approve, sent."""

import pytest

from accalmie.channels import outbox
from accalmie.channels.models import OutboundAction
from accalmie.moderation.defaults import ensure_code_of_conduct
from accalmie.moderation.models import ConductRule, ModerationRequest
from accalmie.replies.policy import ensure_default_policies
from accalmie.testing.factories import AuthorFactory, ChannelFactory, MessageFactory

from .connector import ModNetConnector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_asks_to_hide_an_insult_approver_approves_it_is_hidden(
    login, live_server, page, agent, approver
):
    ModNetConnector.calls.clear()
    ensure_code_of_conduct()
    ensure_default_policies()
    channel = ChannelFactory(name="modnet-live", kind="modnet")
    troll = AuthorFactory(handle="trainhater42", followers=3, troll_score=0.9)
    insult = MessageFactory(
        channel=channel,
        author=troll,
        category="abuse",
        text="Bande d'incapables, vous êtes des clowns",
    )

    login("agent-a")
    page.goto(f"{live_server.url}/m/{insult.pk}/")
    panel = page.locator("section.moderation")
    assert panel.locator("input[value=delete]").is_disabled()  # not offered by this network
    panel.locator("input[name=action][value=hide]").check()
    rule = ConductRule.objects.get(code="insults")
    panel.locator("select[name=rule]").select_option(str(rule.pk))
    panel.locator("textarea[name=reason]").fill("Insulte l'équipe, aucune demande à traiter")
    panel.locator("button", has_text="Ask for this action").click()
    page.wait_for_url(f"**/m/{insult.pk}/")
    assert "Awaiting approval" in page.locator("section.moderation").inner_text()
    req = ModerationRequest.objects.get()
    assert req.state == "pending" and req.rule == rule
    assert not OutboundAction.objects.exists()

    page.click("text=Log out")
    login("approver-a")
    page.goto(f"{live_server.url}/moderation/pending/")
    item = page.locator(".moderation-pending li", has_text="trainhater42")
    assert "Insults and harassment" in item.inner_text()
    item.locator("button", has_text="Approve").click()
    page.wait_for_url("**/moderation/pending/")
    assert "No moderation request waits" in page.content()

    req.refresh_from_db()
    assert req.state == "queued"
    # the worker's turn: deliver the outbox row
    assert outbox.deliver(req.outbound_id) == OutboundAction.State.SENT
    assert ModNetConnector.calls == [{"verb": "hide", "key": f"moderation-{req.pk}"}]

    page.goto(f"{live_server.url}/m/{insult.pk}/")
    assert "Done on the network" in page.locator("section.moderation").inner_text()
    history = page.locator(".history").inner_text()
    assert "moderation asked" in history and "moderation approved" in history
    assert "moderation done on the network" in history

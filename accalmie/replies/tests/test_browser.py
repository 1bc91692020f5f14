"""The whole reply path in a real browser: template, live tone check, submit, approve, sent."""

import pytest

from accalmie.channels import outbox
from accalmie.channels.connectors.recording import RecordingConnector
from accalmie.channels.models import OutboundAction
from accalmie.replies.models import Draft, ReplyTemplate
from accalmie.testing.factories import AuthorFactory, ChannelFactory, MessageFactory

from .test_actions import EMPTY_PROMISE, GOOD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANGRY = "3 heures de retard et aucune info, vous vous foutez de nous ?!"


def _write_and_submit(page, live_server, message):
    page.goto(f"{live_server.url}/m/{message.pk}/")
    template = ReplyTemplate.objects.get(language="fr", key="apologise-delay")
    page.select_option("#reply select[name=template]", str(template.pk))
    textarea = page.locator("#reply textarea[name=text]")
    page.wait_for_function(
        "document.querySelector('#reply textarea[name=text]').value.includes('Claire')"
    )
    # An empty promise: the live tone check explains it as the agent types.
    textarea.fill(EMPTY_PROMISE)
    page.locator("#tone-findings [data-code=empty_promise]").wait_for()
    textarea.fill(GOOD)
    page.locator("#tone-findings .tone-clean").wait_for()
    assert page.locator("#compose-text output").inner_text() == str(len(GOOD))
    page.click("#reply button[value=submit]")
    page.wait_for_url(f"**/m/{message.pk}/**")
    return Draft.objects.get(message=message)


def _approve(page, live_server, login, draft):
    page.click("header form button.link")  # log out
    login("approver-a")
    page.goto(f"{live_server.url}/replies/approvals/")
    card = page.locator(f"#approval-{draft.pk}")
    assert "troll-score" in card.inner_html()
    card.locator("button.approve").click()
    page.wait_for_url("**/replies/approvals/")
    action = OutboundAction.objects.get(idempotency_key=f"draft-{draft.pk}-v1")
    assert outbox.deliver(action.pk) == "sent"  # the worker's turn
    assert outbox.deliver(action.pk) == "sent"  # run twice: still sent once


def test_angry_customer_answered_in_english_through_the_recording_connector(
    login, live_server, agent, approver
):
    channel = ChannelFactory(name="masto-demo", kind="mastodon")
    channel.set_credentials({"simulated": True})
    channel.save()
    message = MessageFactory(
        channel=channel,
        category="negative",
        language="fr",
        text=ANGRY,
        author=AuthorFactory(display_name="Claire", network="mastodon"),
    )
    RecordingConnector.calls.clear()
    page = login("agent-a")
    draft = _write_and_submit(page, live_server, message)
    assert draft.state == "awaiting_approval"
    assert "Awaiting approval" in page.locator(f"#draft-{draft.pk}").inner_text()
    _approve(page, live_server, login, draft)
    page.goto(f"{live_server.url}/m/{message.pk}/")
    sent = page.locator(f"#draft-{draft.pk}")
    assert (
        "Sent" in sent.inner_text() and f"simulated:reply:draft-{draft.pk}-v1" in sent.inner_text()
    )
    assert [c["key"] for c in RecordingConnector.calls] == [f"draft-{draft.pk}-v1"]
    message.refresh_from_db()
    assert message.status == "replied" and message.first_response_at is not None


def test_in_french_the_case_shows_the_reply_link(login, live_server, agent, approver):
    channel = ChannelFactory(name="testnet-fr", kind="testnet")
    message = MessageFactory(
        channel=channel,
        category="negative",
        language="fr",
        text=ANGRY,
        author=AuthorFactory(display_name="Claire"),
    )
    page = login("agent-a")
    page.goto(f"{live_server.url}/m/{message.pk}/")
    page.click("form.lang button[value=fr]")
    page.wait_for_url(f"**/m/{message.pk}/")
    # Labels of the panel are translated.
    assert page.locator("#reply button[value=submit]").inner_text() == "Vérifier et soumettre"
    assert page.locator("#reply optgroup").first.get_attribute("label") == "Suggérés"
    draft = _write_and_submit(page, live_server, message)
    assert "En attente de validation" in page.locator(f"#draft-{draft.pk}").inner_text()
    _approve(page, live_server, login, draft)
    page.goto(f"{live_server.url}/m/{message.pk}/")
    link = page.locator(f"#draft-{draft.pk} a.sent-link")
    assert link.get_attribute("href") == "https://testnet.example/post/1"

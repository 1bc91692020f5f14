"""Journey 2's after-care in a real browser: root cause, resolve, the customer writes again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.cases.actions import ensure_defaults
from accalmie.cases.models import FollowUp
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.testing.factories import payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_root_cause_resolve_and_reopen_on_new_activity(login, live_server, page, agent, channel):
    ensure_defaults()
    customer = {"handle": "client.fidele.bsky.social", "network_id": "did:plc:client"}
    ingest_rows(
        channel,
        [
            (
                1,
                payload(
                    "late-train",
                    text="3 heures de retard et aucune info, vous vous foutez de nous ?!",
                    created_at=(timezone.now() - timedelta(hours=1)).isoformat(),
                    author=customer,
                ),
            )
        ],
    )
    case = Message.objects.get(network_id="late-train")
    case.category = "negative"  # whatever the model read, the agent treats it as a complaint
    case.save()

    page_ = login("agent-a")
    page_.goto(f"{live_server.url}/m/{case.pk}/")
    page_.click("text=Assign to me")
    page_.wait_for_url(f"**/m/{case.pk}/")
    panel = page_.locator("section.case")
    assert "Documented" in panel.inner_text()
    assert panel.locator("[data-step=documented].step-done").count() == 1
    panel.locator("textarea[name=what]").fill("Signal failure near Nantes")
    panel.locator("select[name=department]").first.select_option(label="Operations")
    panel.locator("button", has_text="Note the root cause").click()
    page_.wait_for_url(f"**/m/{case.pk}/")
    assert page_.locator("[data-step=root_cause].step-done").count() == 1

    page_.locator("section.case button", has_text="Resolve and monitor").click()
    page_.wait_for_url(f"**/m/{case.pk}/")
    assert page_.locator("[data-step=monitored].step-done").count() == 1
    assert FollowUp.objects.filter(message=case, owner=agent).exists()

    # two days later (here: now) the customer writes again
    ingest_rows(
        channel,
        [
            (
                1,
                payload(
                    "again",
                    text="Toujours rien ?",
                    created_at=timezone.now().isoformat(),
                    author=customer,
                ),
            )
        ],
    )
    page_.reload()
    assert "Assigned" in page_.locator(".work .status").inner_text()
    assert "reopened by new activity" in page_.locator(".history").inner_text()

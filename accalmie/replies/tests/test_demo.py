from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accalmie.demo import seed
from accalmie.replies.models import ApprovalPolicy, Draft, ReplyTemplate

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_demo_has_templates_policies_and_drafts_waiting():
    seed.seed(now=NOW)
    assert ReplyTemplate.objects.filter(language="fr").exists()
    assert ApprovalPolicy.objects.filter(key="agent-replies", active=True).exists()
    waiting = Draft.objects.filter(state="awaiting_approval").select_related("message")
    assert waiting.count() == 2
    assert {d.message.language for d in waiting} == {"fr", "en"}
    assert all(d.message.status == "awaiting_approval" for d in waiting)
    assert not waiting.filter(message__author__handle="claire_moreau17").exists()


def test_demo_journey_pages(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from accalmie.inbox.models import Message

    seed.seed(now=NOW)
    users = get_user_model().objects
    client.force_login(users.get(username="approver"))
    html = client.get(reverse("replies:approvals")).content.decode()
    assert html.count('class="approval card"') == 2
    client.force_login(users.get(username="agent"))
    angry = Message.objects.get(text__contains="vous vous foutez de nous")
    html = client.get(reverse("inbox:detail", args=[angry.pk])).content.decode()
    assert "compose-text" in html and "reply-unsupported" not in html

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

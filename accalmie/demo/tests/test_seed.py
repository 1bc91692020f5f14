from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from accalmie.audit.models import AuditEntry
from accalmie.demo import seed
from accalmie.inbox.models import Message

pytestmark = pytest.mark.django_db


# A fixed Wednesday noon: how much of the week is still to do depends on the hour.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_demo_workspace_looks_like_a_week_and_loads_once():
    live = seed.seed(now=NOW)
    assert len(live) == seed.LIVE_HOLDBACK
    assert Message.objects.count() >= 300
    assert Message.objects.values("channel__kind").distinct().count() >= 3
    assert set(Message.objects.values_list("language", flat=True)) >= {"fr", "en"}
    users = get_user_model().objects.all()
    assert {g for u in users for g in u.groups.values_list("name", flat=True)} == {
        "agent",
        "approver",
        "admin",
        "legal",
    }
    assert Message.objects.filter(text__contains="Je sais où tu bosses").exists()
    assert Message.objects.filter(text__contains="vous vous foutez de nous").exists()
    # the team's past week is in the audit log, and some work is still to do
    assert AuditEntry.objects.filter(action="message.assigned").count() > 50
    assert Message.objects.filter(status="new").count() >= 10
    count = Message.objects.count()
    assert seed.seed(now=NOW) == [] and Message.objects.count() == count  # idempotent
    assert seed.release(live[:2]) == 2
    assert Message.objects.count() == count + 2

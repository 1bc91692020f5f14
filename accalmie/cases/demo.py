"""The demo workspace's case settings and a little after-care to look at."""

from datetime import timedelta

from django.utils import timezone

from accalmie.inbox.models import Category, Message, Status
from accalmie.moderation.defaults import ensure_code_of_conduct

from . import actions
from .models import FollowUp, Monitoring


def seed_cases(users: dict, now=None) -> None:
    """Departments, case policy, code of conduct; then (once) two cases in after-care."""
    now = now or timezone.now()
    actions.ensure_defaults()
    ensure_code_of_conduct()
    agent = users.get("agent")
    if agent is None or Monitoring.objects.exists():
        return
    handled = Message.objects.filter(
        assignee=agent, status=Status.RESOLVED, category=Category.NEGATIVE
    ).order_by("-created_at")[:2]
    for i, message in enumerate(handled):
        actions.resolve_case(message, by=agent)
        if i == 1:  # resolved three weeks ago: its follow-up is due today
            FollowUp.objects.filter(message=message).update(due_at=now - timedelta(hours=2))

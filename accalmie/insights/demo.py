"""The demo's insights: controversies, the team's past answer times, a subscriber.

``replay_answer_history`` is demo history, not a shortcut for real data: the
seed replays the team's past week through the inbox actions (assignments,
statuses), which happen "now"; this function then dates those answers the way
a team working the week would have (first response minutes to hours after the
message, resolution later), so the dashboard of journey 6 has a week to show.
Real installs get these fields from the reply flow (first confirmed send) and
the cases flow (resolve).
"""

import math
import random
from datetime import datetime, timedelta

from accalmie.inbox.models import Message, Status

from .models import ReportSubscription
from .risk import ensure_default_controversies

ANSWERED = (Status.REPLIED, Status.RESOLVED, Status.MONITORING, Status.CLOSED)


def seed_insights(users: dict, now: datetime) -> None:
    ensure_default_controversies()
    replay_answer_history(now)
    ReportSubscription.objects.get_or_create(user=users["approver"])


def _minutes(rng: random.Random, median: float, spread: float) -> float:
    return math.exp(rng.gauss(math.log(median), spread))


def replay_answer_history(now: datetime, seed: int = 17) -> int:
    """Dates the answers of last week's handled complaints and questions; returns how many."""
    rng = random.Random(seed)  # noqa: S311  (demo data)
    handled = Message.objects.filter(
        created_at__lt=now - timedelta(hours=20),
        status__in=ANSWERED,
        category__in=("negative", "question"),
        assignee__isnull=False,
        first_response_at__isnull=True,
    ).order_by("created_at", "id")
    changed = []
    for m in handled:
        # mostly within the hour; evenings and the strike evening run late
        first = m.created_at + timedelta(minutes=max(2.0, _minutes(rng, 38, 0.8)))
        m.first_response_at = min(first, now - timedelta(minutes=5))
        if m.status in (Status.RESOLVED, Status.CLOSED, Status.MONITORING):
            later = m.first_response_at + timedelta(minutes=_minutes(rng, 240, 1.0))
            m.resolved_at = min(later, now - timedelta(minutes=1))
        changed.append(m)
    Message.objects.bulk_update(changed, ["first_response_at", "resolved_at"], batch_size=500)
    return len(changed)

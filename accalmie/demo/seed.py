"""Loads the demo workspace through the same paths real data takes.

Messages go through `ingest_rows` (so they are validated, threaded and triaged
like any import), and the team's past week is replayed through the inbox
actions (so the audit log tells it).
"""

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accalmie.accounts.models import Profile
from accalmie.accounts.roles import ADMIN, AGENT, APPROVER, LEGAL
from accalmie.channels.actions import create_channel, rotate_webhook_token
from accalmie.channels.demo import simulate_network_channels
from accalmie.channels.models import Channel, Network
from accalmie.inbox import actions
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message, Status

from .corpus import generate

DEMO_PASSWORD = "accalmie-demo"  # noqa: S105  (demo only; printed on start)
DEMO_USERS = [
    # username, role, first, last, language
    ("agent", AGENT, "Camille", "Martin", "fr"),
    ("agent2", AGENT, "Hugo", "Bernard", "en"),
    ("approver", APPROVER, "Inès", "Moreau", "fr"),
    ("admin", ADMIN, "Alex", "Durand", "en"),
    ("legal", LEGAL, "Léa", "Lambert", "fr"),
]
HANDLED_LABELS = {"negative", "question", "praise", "other"}
LIVE_HOLDBACK = 25  # the newest messages arrive one by one while the demo runs


def create_users() -> dict:
    users = {}
    User = get_user_model()
    for username, role, first, last, lang in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = role == ADMIN
        user.is_superuser = role == ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        Profile.objects.get_or_create(user=user, defaults={"language": lang})
        users[username] = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    return users


def seed(now: datetime | None = None, *, holdback: int = LIVE_HOLDBACK) -> list:
    """Creates the workspace if it is empty; returns the items held back for live arrival."""
    now = now or timezone.now()
    workspace = generate(now)
    users = create_users()
    if Message.objects.exists():
        return []
    for ch in workspace.channels:
        if not Channel.objects.filter(name=ch["name"]).exists():
            create_channel(
                name=ch["name"],
                kind=ch["kind"],
                handle=ch.get("handle", ""),
                display_name=ch.get("display_name")
                or f"{Network(ch['kind']).label} · {workspace.brand['name']}",
            )
    if not Channel.objects.filter(name="website-webhook").exists():
        create_channel(name="website-webhook", kind="webhook", display_name="Website form")
    simulate_network_channels()  # no real accounts: replies are recorded, never sent
    items = sorted(workspace.items, key=lambda it: it.message["created_at"])
    # The journeys' messages are there from the start; ordinary recent traffic
    # is held back to arrive live.
    ordinary = [
        it
        for it in items
        if not any(t.startswith(("journey:", "burst:")) for t in getattr(it, "tags", ()))
    ]
    live = ordinary[-holdback:] if holdback else []
    held = {(it.channel, it.message["network_id"]) for it in live}
    now_items = [it for it in items if (it.channel, it.message["network_id"]) not in held]
    by_channel: dict[str, list] = {}
    for it in now_items:
        by_channel.setdefault(it.channel, []).append(it)
    labels = {}
    for name, its in by_channel.items():
        channel = Channel.objects.get(name=name)
        ingest_rows(channel, [(i, it.message) for i, it in enumerate(its, start=1)])
        labels.update({(name, it.message["network_id"]): it.label for it in its})
    from accalmie.incidents.demo import seed_incidents

    seed_incidents()  # the threat's incident: plan copied, legal told (journey 4)
    replay_team_week(users, labels, now)
    from accalmie.people.demo import seed_people

    seed_people()  # link proposals for the returning troll (journey 3)
    from accalmie.cases.demo import seed_cases

    seed_cases(users, now)
    from accalmie.replies.demo import seed_replies

    seed_replies(users)
    from accalmie.insights.demo import seed_insights

    seed_insights(users, now)
    return live


def replay_team_week(users: dict, labels: dict, now: datetime) -> None:
    """What the team did before today: older messages taken and worked."""
    rng = random.Random(11)  # noqa: S311
    agents = [users["agent"], users["agent2"]]
    cutoff = now - timedelta(hours=20)
    older = Message.objects.filter(created_at__lt=cutoff).select_related("channel")
    for message in older.order_by("created_at"):
        label = labels.get((message.channel.name, message.network_id))
        with transaction.atomic():
            if label == "spam":
                actions.change_status(message, Status.CLOSED, by=users["approver"])
            elif label in HANDLED_LABELS and rng.random() < 0.95:
                agent = rng.choice(agents)
                actions.assign_message(message, to=agent, by=agent)
                actions.change_status(
                    message,
                    rng.choice([Status.RESOLVED, Status.CLOSED, Status.MONITORING]),
                    by=agent,
                )
            elif label in ("abuse", "threat"):
                # abuse is looked at by an approver; most is closed, a few stay open
                actions.assign_message(message, to=users["approver"], by=users["approver"])
                if rng.random() < 0.8:
                    actions.change_status(message, Status.CLOSED, by=users["approver"])


def release(items) -> int:
    """Ingests held-back demo items (the live trickle); returns how many were new."""
    created = 0
    for it in items:
        channel = Channel.objects.get(name=it.channel)
        message = dict(it.message, created_at=timezone.now().isoformat())
        created += ingest_rows(channel, [(1, message)]).created
    return created


def webhook_token() -> str:
    return rotate_webhook_token(Channel.objects.get(name="website-webhook"))

"""The demo's troll and his returns, shared by the detection and browser tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.channels.models import OutboundAction
from accalmie.testing.factories import AuthorFactory, ChannelFactory, MessageFactory

NOW = timezone.now()
BIO = "la verite sur le rail 🚂 on vous lache pas"
INSULTS_1 = [
    "le CM de rail atlantique c'est vraiment le roi des guignols 🤡🤡 bande de bras cassés",
    "et la julie du service client elle sait lire ou pas ?? incapables 🤡🤡",
    "vos controleurs de nantes = des abrutis payes a rien foutre 🤡🤡",
]
INSULTS_2 = [
    "bloque moi tant que tu veux le CM, t'es toujours le roi des guignols 🤡🤡",
    "julie du service client toujours aussi incapable ?? 🤡🤡 bande de bras cassés",
]
INSULTS_3 = [
    "revoila le roi des guignols du CM 🤡🤡 vous pensiez quoi, que j'allais partir ?",
    "les controleurs de nantes des abrutis, julie une incapable, rien change 🤡🤡",
]
POLITE = [
    "Bonjour, le TER 864512 de ce matin est-il maintenu ? Merci beaucoup",
    "Merci pour votre réponse rapide, bonne journée à l'équipe",
]


@pytest.fixture
def x():
    return ChannelFactory(name="x-main", kind="x", handle="railatlantique")


def account(handle, name, bio, *, created, followers=3, network="x"):
    return AuthorFactory(
        network=network,
        network_id=f"{network}:{handle}",
        handle=handle,
        display_name=name,
        bio=bio,
        followers=followers,
        account_created_at=created,
        first_seen_at=created,
    )


def say(channel, author, texts, *, start, category="abuse", thread="post-1"):
    for i, text in enumerate(texts):
        MessageFactory(
            channel=channel,
            author=author,
            text=text,
            category=category,
            thread_key=thread,
            created_at=start + timedelta(minutes=20 * i),
        )


@pytest.fixture
def trolls(x):
    """The demo's troll: blocked, back the next day, and again two days later."""
    t1 = account("trainhater42", "Train Hater 🚂💢", BIO, created=NOW - timedelta(days=6))
    say(x, t1, INSULTS_1, start=NOW - timedelta(days=4, hours=2))
    OutboundAction.objects.create(
        channel=x,
        verb="block",
        author=t1,
        idempotency_key="block-t1",
        state="sent",
        sent_at=NOW - timedelta(days=4),
    )
    t2 = account(
        "trainhater_42",
        "Train Hater 🚂💢💢",
        BIO + " (compte 2 lol)",
        created=NOW - timedelta(days=3, hours=5),
    )
    say(x, t2, INSULTS_2, start=NOW - timedelta(days=2, hours=20))
    t3 = account(
        "tra1nhater42",
        "Tra1n Hater 🚂💢",
        "la verite sur le rail 🚂",
        created=NOW - timedelta(hours=9),
    )
    say(x, t3, INSULTS_3, start=NOW - timedelta(hours=3), thread="post-2")
    return t1, t2, t3


@pytest.fixture(autouse=True)
def english():
    """Sentences are checked in English unless a test says otherwise (no language leaks in)."""
    from django.utils.translation import override

    with override("en"):
        yield

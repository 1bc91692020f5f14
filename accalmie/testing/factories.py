from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accalmie.channels.models import Channel, hash_token
from accalmie.inbox.models import Message
from accalmie.people.models import Author

WEBHOOK_TOKEN = "test-webhook-token"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == "admin":
                self.is_staff = True
        self.save()


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"channel-{n}")
    kind = "bluesky"
    webhook_token_hash = hash_token(WEBHOOK_TOKEN)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    network = "bluesky"
    network_id = factory.Sequence(lambda n: f"did:plc:author{n}")
    handle = factory.Sequence(lambda n: f"author{n}.bsky.social")
    display_name = factory.Faker("name")
    followers = 120
    following = 80
    account_created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=900))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    channel = factory.SubFactory(ChannelFactory)
    author = factory.SubFactory(AuthorFactory)
    network_id = factory.Sequence(lambda n: f"msg-{n}")
    thread_key = factory.LazyAttribute(lambda o: o.network_id)
    text = "Mon train a 40 minutes de retard"
    language = "fr"
    raw = factory.LazyAttribute(lambda o: {"network_id": o.network_id, "text": o.text})
    created_at = factory.Sequence(lambda n: timezone.now() - timedelta(minutes=1000 - n))


def payload(network_id: str = "p1", **overrides) -> dict:
    """A valid message in the normalised schema."""
    data = {
        "network_id": network_id,
        "text": "Bonjour, mon train est en retard",
        "created_at": "2026-11-20T10:00:00+01:00",
        "author": {"handle": "@alice.bsky.social", "display_name": "Alice", "followers": 10},
    }
    data.update(overrides)
    return data

import pytest

from accalmie.testing.factories import AuthorFactory, ChannelFactory, MessageFactory, UserFactory

from . import connector


@pytest.fixture(autouse=True)
def _reset_connector():
    connector.reset()
    yield
    connector.reset()


@pytest.fixture(autouse=True)
def _english():
    """Sentences are asserted in English, whatever an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def testnet(db):
    return ChannelFactory(name="testnet-main", kind="testnet")


@pytest.fixture
def complaint(testnet):
    return MessageFactory(
        channel=testnet,
        category="negative",
        language="fr",
        text="3 heures de retard et aucune info, vous vous foutez de nous ?!",
        author=AuthorFactory(display_name="Camille", followers=300),
    )


@pytest.fixture
def approver2(db):
    return UserFactory(role="approver", username="approver-b")


@pytest.fixture
def deliver_all(django_capture_on_commit_callbacks):
    """Plays the worker: delivers every queued outbox row, then runs what follows the commit."""
    from accalmie.channels import outbox
    from accalmie.channels.models import OutboundAction

    def run():
        states = []
        for pk in OutboundAction.objects.filter(state="queued").values_list("pk", flat=True):
            with django_capture_on_commit_callbacks(execute=True):
                states.append(outbox.deliver(pk))
        return states

    return run

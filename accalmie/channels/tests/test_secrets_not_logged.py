"""With every logger at DEBUG, a fetch on each network leaves no credential in the logs."""

import logging

import pytest
import responses
import respx

from accalmie.channels.connectors.base import get_connector
from accalmie.channels.connectors.meta import GRAPH

from .network_helpers import channel_with, load

pytestmark = pytest.mark.django_db

SECRETS = {
    "x": {
        "consumer_key": "xk-SECRET-1",
        "consumer_secret": "xs-SECRET-2",
        "access_token": "42-SECRET-3",
        "access_token_secret": "xts-SECRET-4",
    },
    "reddit": {
        "client_id": "rid-SECRET-5",
        "client_secret": "rs-SECRET-6",
        "username": "RailAtlantique",
        "password": "rpw-SECRET-7",
    },
    "mastodon": {"api_base_url": "https://mastodon.example", "access_token": "mt-SECRET-8"},
    "facebook": {
        "page_id": "104210",
        "page_access_token": "fb-SECRET-9",
        "app_secret": "fbs-SECRET-10",
        "verify_token": "v",
    },
}


def _secret_values(kind):
    return [v for v in SECRETS[kind].values() if "SECRET" in v]


@pytest.fixture
def debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.parametrize("kind", ["x", "reddit", "mastodon"])
def test_requests_based_clients(kind, debug_logs):
    channel = channel_with(kind, SECRETS[kind], name=f"{kind}-secret")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get("https://api.twitter.com/2/users/42/mentions", json={"meta": {"result_count": 0}})
        rsps.post(
            "https://www.reddit.com/api/v1/access_token", json=load("reddit", "access_token.json")
        )
        rsps.get(
            "https://oauth.reddit.com/message/inbox",
            json={"kind": "Listing", "data": {"children": []}},
        )
        rsps.get("https://mastodon.example/api/v1/notifications", json=[])
        get_connector(channel).fetch("")
        assert rsps.calls  # the request was really made (and logged, at DEBUG)
    for secret in _secret_values(kind):
        assert secret not in debug_logs.text


def test_graph_client(debug_logs):
    channel = channel_with("facebook", SECRETS["facebook"], name="fb-secret")
    with respx.mock(base_url=GRAPH) as graph:
        graph.get("/104210/feed").respond(json={"data": []})
        get_connector(channel).fetch("")
    for secret in _secret_values("facebook"):
        assert secret not in debug_logs.text

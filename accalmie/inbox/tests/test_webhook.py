import json

import pytest

from accalmie.inbox.models import Message
from accalmie.testing.factories import WEBHOOK_TOKEN, payload

pytestmark = pytest.mark.django_db
URL = "/api/v1/channels/bsky-main/messages"


def post(client, body, token=WEBHOOK_TOKEN, url=URL):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        url, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_stored_before_acknowledged_and_reposting_changes_nothing(client, channel):
    r = post(client, payload("w1"))
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 1 and Message.objects.filter(network_id="w1").exists()
    r = post(client, [payload("w1"), payload("w2")])
    assert r.json() == {"received": 2, "created": 1, "duplicates": 1, "rejected": 0, "errors": []}


def test_partial_batch_names_the_bad_row(client, channel):
    r = post(client, [payload("ok"), payload("bad", created_at="nope")])
    assert r.status_code == 422
    body = r.json()
    assert body["created"] == 1
    assert body["errors"][0]["row"] == 2 and body["errors"][0]["field"] == "created_at"


def test_jsonl_body(client, channel):
    body = "\n".join(json.dumps(payload(f"l{i}")) for i in range(3))
    assert post(client, body).json()["created"] == 3


@pytest.mark.parametrize("token", ["", "wrong", WEBHOOK_TOKEN + "x"])
def test_bad_token_is_refused_and_stores_nothing(client, channel, token):
    assert post(client, payload(), token=token).status_code == 401
    assert not Message.objects.exists()


def test_token_of_another_channel_does_not_open_this_one(client, channel):
    from accalmie.channels.actions import create_channel

    _, other_token = create_channel(name="site", kind="webhook")
    assert post(client, payload(), token=other_token).status_code == 401
    assert (
        post(client, payload(), token=other_token, url="/api/v1/channels/site/messages").status_code
        == 200
    )


def test_unparseable_body_is_a_clear_400(client, channel):
    assert post(client, b"\xff\xfe not json").status_code == 400
    assert post(client, "{nope").status_code == 400

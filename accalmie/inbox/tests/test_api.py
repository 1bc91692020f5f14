import pytest

from accalmie.testing.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert "/api/v1/messages" in paths and "/api/v1/channels/{channel}/messages" in paths


def test_api_needs_a_session(client, message):
    assert client.get("/api/v1/messages").status_code == 401


def test_list_filter_and_paginate(client, agent, channel):
    made = [MessageFactory(channel=channel, language="fr" if i % 2 else "en") for i in range(5)]
    client.force_login(agent)
    r = client.get("/api/v1/messages", {"limit": 2, "language": "fr"})
    body = r.json()
    assert [m["id"] for m in body["items"]] == [made[3].pk, made[1].pk]
    assert body["items"][0]["channel"] == "bsky-main"
    assert body["items"][0]["author"]["handle"]
    assert body["next_cursor"] is None


def test_assign_through_api_uses_the_same_rules(client, agent, approver, message):
    client.force_login(agent)
    r = client.post(
        f"/api/v1/messages/{message.pk}/assign",
        {"to": approver.pk},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/v1/messages/{message.pk}/assign", {"to": agent.pk}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["owner"] == agent.username
    r = client.post(
        f"/api/v1/messages/{message.pk}/status",
        {"status": "replied"},
        content_type="application/json",
    )
    assert r.status_code == 422


def test_legal_can_read_not_write(client, legal, message):
    client.force_login(legal)
    assert client.get(f"/api/v1/messages/{message.pk}").status_code == 200
    r = client.post(
        f"/api/v1/messages/{message.pk}/status",
        {"status": "closed"},
        content_type="application/json",
    )
    assert r.status_code == 403

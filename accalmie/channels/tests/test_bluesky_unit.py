"""The Bluesky connector's pure parts (no network): record keys, cursor, reasons, limits."""

import re

from accalmie.channels.connectors.bluesky import (
    grapheme_count,
    jsonable,
    make_cursor,
    parse_cursor,
    reason_for,
    tid_from_key,
)

BRAND = "did:plc:brand"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def test_record_keys_are_valid_tids_decided_by_the_key():
    a, b = tid_from_key("draft-1-v1"), tid_from_key("draft-1-v2")
    assert TID.match(a) and TID.match(b)
    assert a == tid_from_key("draft-1-v1")
    assert a != b


def test_cursor_remembers_the_notifications_read_at_the_newest_instant():
    cursor = make_cursor("2026-11-21T08:00:00.000Z", {"at://x/1", "at://x/2"})
    assert parse_cursor(cursor) == ("2026-11-21T08:00:00.000Z", {"at://x/1", "at://x/2"})
    assert parse_cursor("") == ("", set())
    crowded = make_cursor("2026-11-21T08:00:00.000Z", {f"at://x/{i}" for i in range(100)})
    assert crowded == "2026-11-21T08:00:00.000Z"  # too many to list: re-read, deduped


def test_reason_for_a_post_seen_on_the_firehose():
    reply = {"reply": {"parent": {"uri": f"at://{BRAND}/app.bsky.feed.post/1"}}}
    quote = {"embed": {"record": {"uri": f"at://{BRAND}/app.bsky.feed.post/1"}}}
    quote_media = {"embed": {"record": {"record": {"uri": f"at://{BRAND}/app.bsky.feed.post/1"}}}}
    mention = {
        "facets": [{"features": [{"$type": "app.bsky.richtext.facet#mention", "did": BRAND}]}]
    }
    link = {"facets": [{"features": [{"$type": "app.bsky.richtext.facet#link", "uri": BRAND}]}]}
    assert reason_for(reply, BRAND) == "reply"
    assert reason_for(quote, BRAND) == "quote"
    assert reason_for(quote_media, BRAND) == "quote"
    assert reason_for(mention, BRAND) == "mention"
    assert reason_for(link, BRAND) is None
    assert reason_for({"text": BRAND}, BRAND) is None


def test_decoded_records_become_json():
    class Cid:
        def __str__(self):
            return "bafyfake"

    assert jsonable({"a": [Cid(), b"\x01\x02", 3, None]}) == {"a": ["bafyfake", "0102", 3, None]}


def test_graphemes_count_like_bluesky():
    assert grapheme_count("Bonjour") == 7
    assert grapheme_count("é") == 1  # e + combining accent
    assert grapheme_count("👩‍👩‍👧") == 1  # a family joined by ZWJ
    assert grapheme_count("👍🏽") == 1  # skin tone


def _error(cls, status, headers=None, error="RateLimitExceeded", message="slow down"):
    from atproto_client.models.common import XrpcError
    from atproto_client.request import Response

    return cls(
        Response(
            success=False,
            status_code=status,
            content=XrpcError(error=error, message=message),
            headers=headers or {},
        )
    )


def test_network_errors_map_to_the_connector_contract():
    import time as _time

    import pytest
    from atproto_client import exceptions as ex

    from accalmie.channels.connectors.base import PermanentError, RateLimited, TransientError
    from accalmie.channels.connectors.bluesky import network_errors

    reset = int(_time.time()) + 120
    with pytest.raises(RateLimited) as limited:
        with network_errors("reading"):
            raise _error(ex.RateLimitExceededError, 429, {"ratelimit-reset": str(reset)})
    assert 100 < limited.value.retry_after <= 121
    with pytest.raises(RateLimited) as limited:
        with network_errors("reading"):
            raise _error(ex.RateLimitExceededError, 429, {"retry-after": "30"})
    assert limited.value.retry_after == 30
    with pytest.raises(PermanentError, match="Invalid identifier or password"):
        with network_errors("the login"):
            raise _error(
                ex.UnauthorizedError,
                401,
                error="AuthenticationRequired",
                message="Invalid identifier or password",
            )
    with pytest.raises(TransientError):
        with network_errors("reading"):
            raise _error(ex.RequestException, 503, error="Unavailable")
    with pytest.raises(TransientError):
        with network_errors("reading"):
            raise ex.NetworkError()


def test_jetstream_events_naming_the_brand_ring_with_the_post(monkeypatch):
    """A local Jetstream-shaped server: only the brand's mention is passed on, parsed."""
    import json
    import threading

    from websockets.sync.server import serve

    from accalmie.channels.connectors import bluesky

    events = [
        {
            "did": "did:plc:other",
            "kind": "commit",
            "commit": {
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": "a1",
                "cid": "bafy1",
                "record": {"text": "nothing to see"},
            },
        },
        {
            "did": "did:plc:alice",
            "kind": "commit",
            "commit": {
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": "a2",
                "cid": "bafy2",
                "record": {
                    "text": "hey @brand",
                    "facets": [
                        {"features": [{"$type": "app.bsky.richtext.facet#mention", "did": BRAND}]}
                    ],
                },
            },
        },
        {
            "did": BRAND,
            "kind": "commit",
            "commit": {  # the brand's own post
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": "a3",
                "cid": "bafy3",
                "record": {
                    "text": "us",
                    "facets": [
                        {"features": [{"$type": "app.bsky.richtext.facet#mention", "did": BRAND}]}
                    ],
                },
            },
        },
    ]
    asked = []

    def handler(ws):
        asked.append(ws.request.path)
        for event in events:
            ws.send(json.dumps(event))
        ws.wait_closed()

    with serve(handler, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.socket.getsockname()[1]
        connector = bluesky.BlueskyConnector(
            None, {"stream_url": f"ws://127.0.0.1:{port}/subscribe"}
        )
        monkeypatch.setattr(bluesky.BlueskyConnector, "brand_did", BRAND)
        rung, stop = [], threading.Event()

        def on_activity(seen):
            rung.append(seen)
            stop.set()

        connector.stream(on_activity, stop)
        server.shutdown()
    assert asked == ["/subscribe?wantedCollections=app.bsky.feed.post"]
    assert rung == [
        [
            {
                "uri": "at://did:plc:alice/app.bsky.feed.post/a2",
                "cid": "bafy2",
                "record": events[1]["commit"]["record"],
                "author": "did:plc:alice",
                "reason": "mention",
            }
        ]
    ]

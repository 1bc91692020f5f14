import pytest

from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.inbox.schema import RowError
from accalmie.people.models import Author
from accalmie.testing.factories import payload

pytestmark = pytest.mark.django_db


def rows(*payloads):
    return list(enumerate(payloads, start=1))


def test_stores_message_with_raw_payload_received_time_and_network_id(channel):
    p = payload("at://x/1", extra_field={"kept": True})
    report = ingest_rows(channel, rows(p))
    assert (report.created, report.duplicates, report.errors) == (1, 0, [])
    m = Message.objects.get()
    assert m.network_id == "at://x/1"
    assert m.raw == p  # as received, unknown fields included
    assert m.received_at is not None and m.created_at.isoformat().startswith("2026-11-20T09:00")
    assert m.author.handle == "alice.bsky.social" and m.author.followers == 10
    assert m.status == "new"


def test_same_message_twice_is_stored_once_and_nothing_is_touched(channel):
    ingest_rows(channel, rows(payload("a")))
    stored = Message.objects.get()
    stored.status = "resolved"
    stored.save()
    report = ingest_rows(channel, rows(payload("a", text="edited"), payload("a")))
    assert (report.created, report.duplicates) == (0, 2)
    stored.refresh_from_db()
    assert stored.text == "Bonjour, mon train est en retard" and stored.status == "resolved"


def test_dedupe_is_per_channel(channel):
    from accalmie.testing.factories import ChannelFactory

    other = ChannelFactory(name="other")
    ingest_rows(channel, rows(payload("a")))
    assert ingest_rows(other, rows(payload("a"))).created == 1
    assert Message.objects.count() == 2


def test_bad_rows_are_named_and_good_rows_go_in(channel):
    bad_date = payload("b", created_at="yesterday")
    no_handle = payload("c", author={"display_name": "x"})
    report = ingest_rows(channel, rows(payload("a"), bad_date, no_handle, "not an object"))
    assert report.created == 1
    errors = {(e.row, e.field) for e in report.errors}
    assert (2, "created_at") in errors
    assert (3, "author.handle") in errors
    assert (4, "(row)") in errors


def test_parse_errors_pass_through_with_their_row(channel):
    report = ingest_rows(channel, [(7, RowError(row=7, field="(row)", message="invalid JSON"))])
    assert report.errors[0].row == 7 and report.created == 0


@pytest.mark.parametrize(
    "field,value",
    [
        ("url", "javascript:alert(1)"),
        ("text", "x" * 100_001),
        ("kind", "dm"),
        ("lang", "<script>"),
    ],
)
def test_schema_refuses(channel, field, value):
    report = ingest_rows(channel, rows(payload("a", **{field: value})))
    assert report.created == 0 and report.errors[0].field == field


def test_replies_join_their_parents_thread(channel):
    root = payload("root")
    reply = payload("r1", in_reply_to="root", kind="reply")
    ingest_rows(channel, rows(root))
    ingest_rows(channel, rows(reply, payload("r2", in_reply_to="r1", kind="reply")))
    keys = dict(Message.objects.values_list("network_id", "thread_key"))
    assert keys == {"root": "root", "r1": "root", "r2": "root"}


def test_author_profile_is_updated_not_duplicated(channel):
    ingest_rows(channel, rows(payload("a")))
    newer = payload("b", author={"handle": "alice.bsky.social", "followers": 99, "bio": "new bio"})
    ingest_rows(channel, rows(newer))
    author = Author.objects.get()
    assert author.followers == 99 and author.bio == "new bio"


def test_text_the_database_cannot_hold_is_made_storable(channel):
    nasty = "a\x00b \ud800 c"
    report = ingest_rows(channel, rows(payload("a", text=nasty, extra=nasty)))
    assert report.created == 1
    m = Message.objects.get()
    assert "\x00" not in m.text and "\ufffd" in m.text
    assert "\x00" not in m.raw["extra"]


def test_language_is_detected_when_not_given(channel):
    ingest_rows(
        channel,
        rows(
            payload(
                "fr", text="Bonjour, mon train a encore deux heures de retard, c'est inadmissible"
            ),
            payload(
                "en", text="Hello, my train is two hours late again and nobody told us anything"
            ),
            payload("given", text="whatever", lang="en-GB"),
        ),
    )
    langs = dict(Message.objects.values_list("network_id", "language"))
    assert langs == {"fr": "fr", "en": "en", "given": "en"}

"""Every message, and every profile that changed, is appended to the chain at ingest."""

import hashlib
import json

import pytest
from django.db import transaction

from accalmie.evidence.chain import Entry, append
from accalmie.evidence.models import (
    GENESIS_HASH,
    ChainHead,
    EvidenceImmutableError,
    EvidenceRecord,
)
from accalmie.inbox.models import Message
from accalmie.testing.factories import payload

from .helpers import data, ingest

pytestmark = pytest.mark.django_db


def test_a_message_and_its_author_profile_are_captured_with_the_raw_payload(channel):
    p = payload("at://x/1", text="Vous êtes nuls 😡", extra={"likes": 3})
    ingest(channel, p)
    message = Message.objects.get()
    profile, record = EvidenceRecord.objects.order_by("seq")
    assert (profile.kind, profile.subject_type, profile.subject_id) == (
        "profile",
        "people.author",
        message.author_id,
    )
    assert (record.kind, record.subject_type, record.subject_id) == (
        "message",
        "inbox.message",
        message.pk,
    )
    d = data(record)
    assert d["channel"] == {"name": "bsky-main", "network": "bluesky"}
    assert d["network_id"] == "at://x/1" and d["text"] == "Vous êtes nuls 😡"
    assert d["raw"] == p
    assert d["created_at"] == "2026-11-20T09:00:00.000000Z"
    assert d["author"]["handle"] == "alice.bsky.social" and d["author"]["followers"] == 10
    assert data(profile)["display_name"] == "Alice"


def test_canonical_text_and_hash_follow_the_written_definition(channel):
    ingest(channel, payload("a"), payload("b"))
    first, second, third = EvidenceRecord.objects.order_by("seq")
    assert [r.seq for r in (first, second, third)] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH == "0" * 64
    for prev, rec in ((None, first), (first, second), (second, third)):
        if prev:
            assert rec.prev_hash == prev.hash
        expected = hashlib.sha256((rec.prev_hash + rec.canonical).encode("utf-8")).hexdigest()
        assert rec.hash == expected
        env = json.loads(rec.canonical)
        assert rec.canonical == json.dumps(
            env, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        assert env["seq"] == rec.seq and env["kind"] == rec.kind
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (3, third.hash)


def test_profile_history_grows_only_when_the_profile_changes(channel):
    ingest(channel, payload("a"), payload("b"))  # one author, one profile record
    ingest(channel, payload("c"))  # same profile: no new record
    ingest(channel, payload("d", author={"handle": "alice.bsky.social", "followers": 5000}))
    ingest(channel, payload("e", author={"handle": "alice.bsky.social", "bio": "troll"}))
    profiles = [data(r) for r in EvidenceRecord.objects.filter(kind="profile").order_by("seq")]
    assert [(p["followers"], p["bio"]) for p in profiles] == [(10, ""), (5000, ""), (5000, "troll")]
    assert EvidenceRecord.objects.filter(kind="message").count() == 5


def test_duplicates_add_nothing_to_the_chain(channel):
    ingest(channel, payload("a"))
    before = EvidenceRecord.objects.count()
    ingest(channel, payload("a"), payload("a"))
    assert EvidenceRecord.objects.count() == before


def test_rendering_is_queued_after_commit(channel, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        ingest(channel, payload("a"), payload("b"))
    queued = DBTaskResult.objects.get(task_path="accalmie.evidence.tasks.render_evidence")
    assert sorted(queued.args_kwargs["args"][0]) == sorted(
        Message.objects.values_list("pk", flat=True)
    )


def test_a_record_is_never_updated_or_deleted_by_the_app(channel):
    ingest(channel, payload("a"))
    record = EvidenceRecord.objects.first()
    record.canonical = "{}"
    with pytest.raises(EvidenceImmutableError):
        record.save()
    with pytest.raises(EvidenceImmutableError):
        record.delete()
    with pytest.raises(EvidenceImmutableError):
        EvidenceRecord.objects.filter(pk=record.pk).update(canonical="{}")
    with pytest.raises(EvidenceImmutableError):
        EvidenceRecord.objects.all().delete()
    assert EvidenceRecord.objects.get(pk=record.pk).canonical != "{}"


def test_appending_outside_a_transaction_is_refused(monkeypatch):
    # The head lock would be released at once; pretend no transaction is open.
    from django.db import connections

    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        append([Entry("message", "inbox.message", 1, {})])


def test_a_rolled_back_ingest_leaves_no_evidence(channel):
    with pytest.raises(RuntimeError), transaction.atomic():
        ingest(channel, payload("a"))
        raise RuntimeError("crash after the insert")
    assert not EvidenceRecord.objects.exists()
    assert ChainHead.objects.filter(seq__gt=0).count() == 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_ingests_keep_one_unbroken_chain():
    import threading

    from django.db import connection, connections

    from accalmie.evidence.verify import verify_chain
    from accalmie.testing.factories import ChannelFactory

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with its IMMEDIATE transactions")
    channels = [ChannelFactory(name=f"c{i}") for i in range(4)]
    errors = []

    def writer(channel):
        try:
            for batch in range(5):
                ingest(channel, *[payload(f"{batch}-{i}") for i in range(20)])
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(c,)) for c in channels]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == EvidenceRecord.objects.count() == 4 * 100 + 1

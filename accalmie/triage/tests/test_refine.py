"""The accurate tier: inline for a few uncertain messages, in the worker for bulk."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accalmie.inbox.ingest import ingest_rows
from accalmie.testing.factories import payload
from accalmie.triage import pipeline
from accalmie.triage.models import Assessment, Correction
from accalmie.triage.tasks import refine_triage

TEXTS = [
    "Franchement c'est pas terrible ce service, encore en retard",
    "Vous êtes des rigolos, sérieusement",
    "meh, could be better I guess",
    "This is getting ridiculous, third time this month",
    "Bof, le wifi marche une fois sur deux",
    "Not great, not terrible",
]


def ingest(channel, texts=TEXTS):
    now = timezone.now().isoformat()
    ingest_rows(
        channel,
        [(i, payload(f"u{i}", text=t, created_at=now)) for i, t in enumerate(texts, start=1)],
    )


@pytest.mark.django_db
def test_few_uncertain_messages_get_the_accurate_tier_inline(channel):
    ingest(channel)
    tiers = set(Assessment.objects.values_list("tier", flat=True))
    assert Assessment.Tier.ACCURATE in tiers  # some of these are borderline by design


@pytest.mark.django_db(transaction=True)
def test_bulk_leaves_uncertain_ones_to_the_worker(channel, monkeypatch):
    monkeypatch.setattr(pipeline, "INLINE_ACCURATE_MAX", 0)
    ingest(channel)
    assert set(Assessment.objects.values_list("tier", flat=True)) == {"fast"}
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get(status="READY", task_path__endswith="refine_triage")
    unsure = set(queued.args_kwargs["args"][0])
    assert unsure, "expected borderline messages"
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    refined = Assessment.objects.filter(message_id__in=unsure)
    assert set(refined.values_list("tier", flat=True)) == {Assessment.Tier.ACCURATE}


@pytest.mark.django_db
def test_refine_is_safe_twice_and_respects_corrections(channel, agent):
    pipeline_max = pipeline.INLINE_ACCURATE_MAX
    pipeline.INLINE_ACCURATE_MAX = 0
    try:
        ingest(channel)
    finally:
        pipeline.INLINE_ACCURATE_MAX = pipeline_max
    a = Assessment.objects.filter(tier="fast").select_related("message").first()
    m = a.message
    Correction.objects.create(message=m, previous=m.category, category="praise", by=agent)
    m.category = "praise"
    m.save()
    ids = list(Assessment.objects.values_list("message_id", flat=True))
    assert refine_triage.call(ids) > 0
    assert refine_triage.call(ids) == 0  # already done with this model
    m.refresh_from_db()
    assert m.category == "praise"  # a person's reading wins

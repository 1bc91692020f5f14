"""Background triage: the accurate tier for what the fast tier was unsure of."""

from django.db import transaction
from django_tasks import task

from accalmie.inbox.models import Message

from . import pipeline
from .models import Assessment


@task(queue_name="default")
def refine_triage(message_ids: list[int]) -> int:
    """Re-reads the messages, runs the accurate tier, updates what changed.

    Safe to run twice: messages already read by the accurate tier of the same
    model are skipped, and a category a person corrected is never overwritten.
    """
    version = pipeline.model().version
    messages = list(
        Message.objects.filter(pk__in=message_ids)
        .exclude(assessment__tier=Assessment.Tier.ACCURATE, assessment__model_version=version)
        .select_related("channel", "author", "assessment")
    )
    if not messages:
        return 0
    predictions = pipeline.predict(
        [m.text for m in messages], [m.language or None for m in messages], accurate=True
    )
    policies, hours = pipeline.policy_context()
    changed = []
    with transaction.atomic():
        for message, p in zip(messages, predictions, strict=True):
            Assessment.objects.update_or_create(
                message=message,
                defaults={
                    "language": p.lang,
                    "category": p.category,
                    "toxic": p.toxic,
                    "threat": p.threat,
                    "negative": p.negative,
                    "spam": p.spam,
                    "explanation": p.explanation[:2000],
                    "model_version": p.model_version,
                    "tier": Assessment.Tier.ACCURATE,
                },
            )
            if message.corrections.exists() or message.category == p.category:
                continue
            pipeline.apply_prediction(message, p, policies, hours)
            message.save(update_fields=["category", "priority", "due_at", "language"])
            message._prediction = p
            changed.append(message)
        if changed:
            from .routing import route

            route(changed)
    return len(messages)

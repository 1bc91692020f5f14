"""Background work of the insights area: alert notifications and the weekly report."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import AlertDelivery, InsightsSettings

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(15 * 2 ** (attempts - 1), 3600))


@task(queue_name="default")
def deliver_alert(delivery_id: int) -> str:
    """Sends one notification; safe twice (a sent delivery is left alone); retried by the clock."""
    from . import notify

    with transaction.atomic():
        delivery = (
            AlertDelivery.objects.select_for_update()
            .select_related("alert")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != AlertDelivery.State.PENDING:
            return "skipped"
        delivery.attempts += 1
        try:
            if delivery.kind == AlertDelivery.Kind.EMAIL:
                notify.send_email(delivery.alert)
            else:
                config = InsightsSettings.load()
                if not config.webhook_url:
                    delivery.state = AlertDelivery.State.FAILED
                    delivery.last_error = "no webhook URL configured"
                    delivery.save()
                    return "failed"
                notify.post_webhook(delivery.alert, config.webhook_url, config.webhook_secret)
        except Exception as exc:  # any failure is retried later, up to MAX_ATTEMPTS
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.state = AlertDelivery.State.FAILED
            else:
                delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
            delivery.save()
            return "retry"
        delivery.state = AlertDelivery.State.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save()
        return "sent"


def retry_due_deliveries(now=None) -> int:
    now = now or timezone.now()
    due = list(
        AlertDelivery.objects.filter(
            state=AlertDelivery.State.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for pk in due:
        deliver_alert.enqueue(pk)
    return len(due)


def alerts_clock() -> dict:
    """Every minute: spikes the ingest hook may have missed, and notifications to retry."""
    from . import spikes

    return {
        "alerts": spikes.scan_recent(),
        "retried": retry_due_deliveries(),
        "buckets_pruned": spikes.prune(),
    }


@task(queue_name="default")
def send_weekly_report(week: str | None = None, user_id: int | None = None) -> int:
    from . import report

    if user_id is not None:
        return report.send_to_one(user_id)
    return report.send_weekly(week)

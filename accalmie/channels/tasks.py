"""Background work of the channels: delivering the outbox, polling networks.

Both take ids and re-read rows; both are safe to run twice or at once.
"""

from django_tasks import task


@task(queue_name="default")
def deliver_outbound(action_id: int) -> str:
    from .outbox import deliver

    return deliver(action_id)


@task(queue_name="ingest")
def poll_channel(channel_id: int) -> dict:
    from .fetching import poll

    return poll(channel_id)

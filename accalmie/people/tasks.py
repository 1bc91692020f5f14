"""Background work for people: link proposals for accounts just seen."""

from django_tasks import task

from . import detection


@task(queue_name="default")
def suggest_links(author_ids: list[int]) -> int:
    """Scores the accounts against blocked and abusive ones; returns how many were proposed.

    Safe twice: pairs already stored, whatever their state, are skipped.
    """
    return len(detection.suggest_links(author_ids))

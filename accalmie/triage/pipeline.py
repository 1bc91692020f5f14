"""Triage inside ingestion: read, score, set the deadline, then route.

`assess` runs before the rows are inserted (so a message is never in the
inbox unread); `record` runs right after, in the same transaction, to keep
the assessment and apply the routing rules.
"""

import logging
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from accalmie.triage import ml

from .deadlines import deadline
from .models import Assessment, BusinessHours, DeadlinePolicy

log = logging.getLogger(__name__)


def workspace_model_path() -> Path:
    """Where `accalmie train --with-feedback` writes the workspace's own model."""
    return Path(settings.DATA_DIR) / "models" / "triage_model.joblib"


def active_model_path() -> str:
    explicit = os.environ.get("ACCALMIE_MODEL_PATH")
    if explicit:
        return explicit
    workspace = workspace_model_path()
    return str(workspace) if workspace.is_file() else ml.DEFAULT_PATH


@lru_cache(maxsize=4)
def _model(path: str, mtime: float):
    log.info("loading triage model %s", path)
    return ml.load_model(path)


def model():
    path = active_model_path()
    return _model(path, os.path.getmtime(path))


def assess(rows) -> None:
    if not rows:
        return
    predictions = model().predict([r.text for r in rows], [r.language or None for r in rows])
    policies = {p.category: p for p in DeadlinePolicy.objects.all()}
    hours = BusinessHours.objects.first()
    for row, p in zip(rows, predictions, strict=True):
        if not row.language:
            row.language = p.lang
        row.category = p.category
        policy = policies.get(p.category)
        row.priority = policy.priority if policy else 0
        row.due_at = (
            deadline(row.created_at, policy.answer_within_minutes,
                     business_hours=hours if policy.business_hours_only else None)
            if policy else None
        )
        row._prediction = p


def record(rows) -> None:
    """Keeps each stored row's assessment and routes it (inside the ingest transaction)."""
    stored = [r for r in rows if r.pk and getattr(r, "_prediction", None)]
    Assessment.objects.bulk_create(
        [
            Assessment(
                message_id=r.pk,
                language=r._prediction.lang,
                category=r._prediction.category,
                toxic=r._prediction.toxic,
                threat=r._prediction.threat,
                negative=r._prediction.negative,
                spam=r._prediction.spam,
                explanation=r._prediction.explanation[:2000],
                model_version=r._prediction.model_version,
            )
            for r in stored
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    from .routing import route

    route(stored)

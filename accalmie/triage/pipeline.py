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

from accalmie.core.bulk import insert_ignore
from accalmie.people.trollscore import refresh_troll_scores
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


# A few uncertain messages (a webhook call, a connector poll) get the accurate
# tier before they are stored; a bulk import leaves it to the worker.
INLINE_ACCURATE_MAX = 32


def uncertain(predictions) -> list[int]:
    """Indexes the fast tier is unsure of: a score inside the model's uncertainty band."""
    lo, hi = getattr(model(), "band", (0.2, 0.8))
    return [
        i
        for i, p in enumerate(predictions)
        if any(lo < getattr(p, k) < hi for k in ("toxic", "threat", "negative"))
    ]


def predict(texts, langs, *, accurate: bool):
    return model().predict(list(texts), list(langs), accurate="all" if accurate else False)


def apply_prediction(message, p, policies: dict, hours) -> None:
    """Category, priority and deadline from a prediction and the deadline policies."""
    if not message.language:
        message.language = p.lang
    message.category = p.category
    policy = policies.get(p.category)
    message.priority = policy.priority if policy else 0
    message.due_at = (
        deadline(
            message.created_at,
            policy.answer_within_minutes,
            business_hours=hours if policy.business_hours_only else None,
        )
        if policy
        else None
    )


def policy_context() -> tuple[dict, object]:
    return {p.category: p for p in DeadlinePolicy.objects.all()}, BusinessHours.objects.first()


def assess(rows) -> None:
    if not rows:
        return
    texts, langs = [r.text for r in rows], [r.language or None for r in rows]
    predictions = predict(texts, langs, accurate=False)
    unsure = uncertain(predictions)
    if unsure and len(unsure) <= INLINE_ACCURATE_MAX:
        refined = predict([texts[i] for i in unsure], [langs[i] for i in unsure], accurate=True)
        for i, p in zip(unsure, refined, strict=True):
            predictions[i] = p
            rows[i]._tier = Assessment.Tier.ACCURATE
    elif unsure:
        for i in unsure:
            rows[i]._refine = True
    policies, hours = policy_context()
    for row, p in zip(rows, predictions, strict=True):
        apply_prediction(row, p, policies, hours)
        row._prediction = p


def record(rows) -> None:
    """Keeps each stored row's assessment, refreshes its author's troll score, routes it.

    All inside the ingest transaction, one score refresh per batch.
    """
    stored = [r for r in rows if r.pk and getattr(r, "_prediction", None)]
    insert_ignore(
        Assessment,
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
                tier=getattr(r, "_tier", Assessment.Tier.FAST),
            )
            for r in stored
        ],
    )
    # Before routing, so rules can read `author.troll_score` with this batch counted.
    scores = refresh_troll_scores({r.author_id for r in stored})
    for r in stored:
        if r.author_id in scores:
            r.author.troll_score, r.author.troll_reasons = scores[r.author_id]
    from .routing import route

    route(stored)
    pending = [r.pk for r in stored if getattr(r, "_refine", False)]
    if pending:
        from django.db import transaction

        from .tasks import refine_triage

        for start in range(0, len(pending), REFINE_BATCH):
            chunk = pending[start : start + REFINE_BATCH]
            transaction.on_commit(lambda chunk=chunk: refine_triage.enqueue(chunk))


REFINE_BATCH = 200

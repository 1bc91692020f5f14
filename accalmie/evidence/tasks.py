"""Background evidence work: the rendered image of each captured message."""

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django_tasks import task

from .chain import MESSAGE_TYPE, Entry, append, lock_head
from .models import EvidenceRecord, Kind
from .render import RENDERER, render_message


def images_dir() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


def image_path(sha256: str) -> Path:
    return images_dir() / f"{sha256}.png"


def store_image(png: bytes) -> str:
    """Writes the PNG under its own SHA-256 (content-addressed) and returns the hash."""
    digest = hashlib.sha256(png).hexdigest()
    path = image_path(digest)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside then renamed, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(png)
        os.replace(tmp, path)
    return digest


def _rendered(message_ids) -> set[int]:
    return set(
        EvidenceRecord.objects.filter(
            kind=Kind.RENDERING, subject_type=MESSAGE_TYPE, subject_id__in=message_ids
        ).values_list("subject_id", flat=True)
    )


def _message_records(message_ids) -> list[tuple[int, int, str, str]]:
    """(message id, seq, hash, canonical) of each message's latest message record."""
    latest = (
        EvidenceRecord.objects.filter(
            kind=Kind.MESSAGE, subject_type=MESSAGE_TYPE, subject_id__in=message_ids
        )
        .values("subject_id")
        .annotate(last=Max("seq"))
        .values("last")
    )
    return list(
        EvidenceRecord.objects.filter(seq__in=latest).values_list(
            "subject_id", "seq", "hash", "canonical"
        )
    )


@task(queue_name="default")
def render_evidence(message_ids: list[int]) -> int:
    """Renders each message's captured record to a PNG and appends a "rendering" record.

    Safe to run twice: a message that already has a rendering is skipped, and
    the check is made again under the chain's lock before appending. A PNG left
    by a run that failed later is harmless: the name is its hash.
    """
    todo = [i for i in message_ids if i not in _rendered(message_ids)]
    if not todo:
        return 0
    entries = []
    for message_id, seq, record_hash, canonical in _message_records(todo):
        png = render_message(json.loads(canonical)["data"], seq=seq, record_hash=record_hash)
        entries.append(
            Entry(
                Kind.RENDERING,
                MESSAGE_TYPE,
                message_id,
                {
                    "message_record": {"seq": seq, "hash": record_hash},
                    "image": {
                        "sha256": store_image(png),
                        "media_type": "image/png",
                        "bytes": len(png),
                    },
                    "renderer": RENDERER,
                },
            )
        )
    with transaction.atomic():
        lock_head()
        done = _rendered([e.subject_id for e in entries])
        appended = append([e for e in entries if e.subject_id not in done])
    return len(appended)


@task(queue_name="default")
def build_dossier(dossier_id: int) -> str:
    """Builds the dossier's PDF and ZIP; returns its state.

    Safe to run twice: a dossier already ready (or taken by another worker)
    is left alone. The files are written aside and renamed, and the row says
    "ready" only once both are in place with their hashes.
    """
    from django.utils import timezone, translation

    from .dossier import pdf_path, write_atomically, zip_path
    from .dossier.archive import build_zip, sha256
    from .dossier.collect import collect
    from .dossier.pdf import render_pdf
    from .models import Dossier

    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(pk=dossier_id).first()
        if dossier is None or dossier.state not in (Dossier.State.QUEUED, Dossier.State.FAILED):
            return dossier.state if dossier else "missing"
        dossier.state = Dossier.State.BUILDING
        dossier.save(update_fields=["state"])
    try:
        with translation.override(dossier.language):
            data = collect(dossier)
            pdf, _fetcher, pages = render_pdf(data)
            archive = build_zip(data, pdf)
        write_atomically(pdf_path(dossier), pdf)
        write_atomically(zip_path(dossier), archive)
    except Exception as exc:
        Dossier.objects.filter(pk=dossier.pk).update(
            state=Dossier.State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    Dossier.objects.filter(pk=dossier.pk).update(
        state=Dossier.State.READY,
        pdf_sha256=sha256(pdf),
        zip_sha256=sha256(archive),
        pages=pages,
        error="",
        finished_at=timezone.now(),
    )
    return Dossier.State.READY

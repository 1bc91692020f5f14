"""Everything a dossier tells, gathered once into plain data (also dossier.json).

The subject is a contact (all their linked accounts), one account, or an
incident (the accounts of its messages, widened to their contacts). Texts are
kept exactly as received; escaping is the renderer's job.
"""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accalmie.audit.models import AuditEntry
from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Message
from accalmie.incidents.titles import shown_title
from accalmie.people.models import Author

from ..chain import AUTHOR_TYPE, MESSAGE_TYPE, timestamp
from ..models import EvidenceRecord, Kind
from ..tasks import image_path
from ..verify import verify_chain

ALGORITHM = "SHA-256 over (previous record's hash + canonical JSON), canonical JSON = sorted keys, no spaces, UTF-8"
MAX_MESSAGES = 2000  # a dossier is read by people; beyond this it says it was cut


@dataclass
class Subject:
    kind: str  # contact | author | incident
    label: str
    authors: list
    incident: object = None
    contact: object = None
    extra_messages: list = field(default_factory=list)


def subject_of(dossier) -> Subject:
    if dossier.incident_id:
        incident = dossier.incident
        messages = list(incident.messages.all()) or [incident.message]
        authors = _widen({m.author for m in messages})
        return Subject(
            "incident", shown_title(incident), authors, incident=incident, extra_messages=messages
        )
    if dossier.contact_id:
        contact = dossier.contact
        return Subject(
            "contact", str(contact), list(contact.accounts.order_by("pk")), contact=contact
        )
    author = dossier.author
    if author.contact_id:  # an account linked since: the whole person
        return Subject(
            "contact", str(author.contact), list(author.contact.accounts.order_by("pk")),
            contact=author.contact,
        )  # fmt: skip
    return Subject("author", "@" + author.handle, [author])


def _widen(authors) -> list:
    contact_ids = {a.contact_id for a in authors if a.contact_id}
    more = Author.objects.filter(contact_id__in=contact_ids) if contact_ids else []
    return sorted({a.pk: a for a in [*authors, *more]}.values(), key=lambda a: a.pk)


def _records(kind: str, subject_type: str, ids) -> list[EvidenceRecord]:
    return list(
        EvidenceRecord.objects.filter(
            kind=kind, subject_type=subject_type, subject_id__in=list(ids)
        )
        .order_by("seq")
        .only("seq", "subject_id", "captured_at", "canonical", "hash", "prev_hash")
    )


def _data(record) -> dict:
    return json.loads(record.canonical).get("data") or {}


def _account(a) -> dict:
    return {
        "id": a.pk,
        "network": a.get_network_display(),
        "network_id": a.network_id,
        "handle": a.handle,
        "display_name": a.display_name,
        "bio": a.bio,
        "followers": a.followers,
        "following": a.following,
        "posts": a.posts,
        "account_created_at": timestamp(a.account_created_at),
        "verified": a.verified,
        "url": a.url,
        "troll_score": round(a.troll_score, 2),
        "troll_reasons": [str(r) for r in a.troll_reason_texts],
    }


def _notes(subject: Subject) -> list[dict]:
    notes = []
    if subject.incident is not None:
        for n in subject.incident.notes.select_related("author"):
            notes.append(_note("incident", n))
    contact_ids = {a.contact_id for a in subject.authors if a.contact_id}
    try:
        ContactNote = apps.get_model("people", "ContactNote")
    except LookupError:
        ContactNote = None
    if ContactNote is not None and contact_ids:
        for n in ContactNote.objects.filter(contact_id__in=contact_ids).select_related("author"):
            notes.append(_note("contact", n))
    return sorted(notes, key=lambda n: n["at"] or "")


def _note(source: str, n) -> dict:
    author = getattr(n, "author", None)
    return {
        "source": source,
        "at": timestamp(getattr(n, "created_at", None)),
        "by": author.get_username() if author else "",
        "text": getattr(n, "text", ""),
    }


def _actions(subject: Subject, message_ids, outbound_ids) -> list[dict]:
    targets = Q(target_type="inbox.message", target_id__in=[str(i) for i in message_ids])
    targets |= Q(target_type="people.author", target_id__in=[str(a.pk) for a in subject.authors])
    targets |= Q(
        target_type="channels.outboundaction", target_id__in=[str(i) for i in outbound_ids]
    )
    contact_ids = {a.contact_id for a in subject.authors if a.contact_id}
    if contact_ids:
        targets |= Q(target_type="people.contact", target_id__in=[str(i) for i in contact_ids])
    if subject.incident is not None:
        targets |= Q(target_type="incidents.incident", target_id=str(subject.incident.pk))
    entries = (
        AuditEntry.objects.filter(targets).select_related("actor").order_by("created_at", "id")
    )
    return [
        {
            "at": timestamp(e.created_at),
            "by": e.actor.get_username() if e.actor else "",
            "action": e.action,
            "what": str(e.describe()),
            "target": f"{e.target_type}:{e.target_id}",
        }
        for e in entries[:5000]
    ]


def collect(dossier) -> dict:
    subject = subject_of(dossier)
    author_ids = [a.pk for a in subject.authors]
    messages_qs = Message.objects.filter(
        Q(author_id__in=author_ids) | Q(pk__in=[m.pk for m in subject.extra_messages])
    ).select_related("channel", "author")
    total = messages_qs.count()
    messages = list(messages_qs.order_by("created_at", "pk")[:MAX_MESSAGES])
    message_ids = [m.pk for m in messages]

    msg_records: dict[int, EvidenceRecord] = {}
    for r in _records(Kind.MESSAGE, MESSAGE_TYPE, message_ids):
        msg_records.setdefault(r.subject_id, r)  # the first capture: as it appeared
    renderings: dict[int, tuple[EvidenceRecord, dict]] = {}
    for r in _records(Kind.RENDERING, MESSAGE_TYPE, message_ids):
        renderings.setdefault(r.subject_id, (r, _data(r)))

    outbound = list(
        OutboundAction.objects.filter(Q(message_id__in=message_ids) | Q(author_id__in=author_ids))
        .select_related("channel", "requested_by")
        .order_by("created_at", "pk")
    )
    images: dict[str, str] = {}  # sha256 -> path on disk
    timeline = []
    for m in messages:
        rec = msg_records.get(m.pk)
        rend = renderings.get(m.pk)
        image = None
        if rend is not None:
            sha = (rend[1].get("image") or {}).get("sha256", "")
            path = image_path(sha)
            if sha and path.is_file():
                images[sha] = str(path)
                image = {"sha256": sha, "file": f"images/{sha}.png", "record_seq": rend[0].seq}
        captured = _data(rec) if rec else {}
        timeline.append(
            {
                "type": "message",
                "at": timestamp(m.created_at),
                "network": m.channel.get_kind_display(),
                "channel": m.channel.name,
                "handle": m.author.handle,
                "display_name": (captured.get("author") or {}).get(
                    "display_name", m.author.display_name
                ),
                "text": captured.get("text", m.text),
                "url": m.url,
                "category": m.category,
                "status": m.status,
                "network_id": m.network_id,
                "record": (
                    {
                        "seq": rec.seq,
                        "hash": rec.hash,
                        "prev_hash": rec.prev_hash,
                        "captured_at": timestamp(rec.captured_at),
                    }
                    if rec
                    else None
                ),
                "image": image,
            }
        )
    for o in outbound:
        timeline.append(
            {
                "type": "outbound",
                "at": timestamp(o.sent_at or o.created_at),
                "network": o.channel.get_kind_display(),
                "channel": o.channel.name,
                "verb": o.get_verb_display(),
                "state": o.get_state_display(),
                "text": (o.payload or {}).get("text", ""),
                "reason": (o.payload or {}).get("reason", ""),
                "by": o.requested_by.get_username() if o.requested_by else "",
                "url": o.result_url,
                "message_id": o.message_id,
            }
        )
    timeline.sort(key=lambda t: t["at"] or "")

    profiles = [
        {
            "account_id": r.subject_id,
            "seq": r.seq,
            "hash": r.hash,
            "captured_at": timestamp(r.captured_at),
            "profile": _data(r),
        }
        for r in _records(Kind.PROFILE, AUTHOR_TYPE, author_ids)
    ]
    result = verify_chain()
    incident = subject.incident
    return {
        "format": "accalmie-dossier/1",
        "workspace": settings.ACCALMIE_BRAND_NAME,
        "generated_at": timestamp(timezone.now()),
        "generated_by": dossier.requested_by.get_username(),
        "generated_by_name": dossier.requested_by.get_full_name(),
        "language": dossier.language,
        "dossier_id": dossier.pk,
        "subject": {"kind": subject.kind, "label": subject.label},
        "incident": (
            {
                "id": incident.pk,
                "title": shown_title(incident),
                "severity": incident.get_severity_display(),
                "is_open": incident.is_open,
                "opened_at": timestamp(incident.opened_at),
                "steps": [
                    {
                        "step": str(s.label),
                        "done_at": timestamp(s.done_at),
                        "done_by": s.done_by.get_username() if s.done_by else "",
                        "note": s.note,
                    }
                    for s in incident.steps.select_related("done_by")
                ],
                "notices": [
                    {
                        "to": n.user.get_username() if n.user else n.address,
                        "channel": n.get_channel_display(),
                        "sent_at": timestamp(n.sent_at),
                        "read_at": timestamp(n.read_at),
                    }
                    for n in incident.notices.select_related("user")
                ],
            }
            if incident is not None
            else None
        ),
        "accounts": [_account(a) for a in subject.authors],
        "profile_snapshots": profiles,
        "timeline": timeline,
        "messages_total": total,
        "messages_shown": len(messages),
        "notes": _notes(subject),
        "actions": _actions(subject, message_ids, [o.pk for o in outbound]),
        "verification": {
            "ok": result.ok,
            "records_checked": result.checked,
            "head_seq": result.head_seq,
            "head_hash": result.head_hash,
            "first_bad_seq": result.first_bad_seq,
            "reason": result.reason,
            "missing_images": len(result.missing_images),
            "algorithm": ALGORITHM,
            "command": "accalmie evidence verify",
        },
        "_images": images,  # not written to dossier.json: the files themselves go in images/
    }

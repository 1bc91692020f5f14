"""Every change to contacts: accounts linked, notes, tags, contact details, link proposals.

Each action checks the acting user's permission, works in one transaction
and writes its audit row there.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accalmie import audit

from .models import (
    Author,
    Contact,
    ContactDetail,
    ContactNote,
    ContactTag,
    LinkSuggestion,
    Notification,
)

WORK = "inbox.work_message"  # notes, tags and contact details: whoever works messages
LINK = "people.link_accounts"
MENTION = re.compile(r"(?<![\w@])@([\w.\-]{1,150})")
TAG_NAME = re.compile(r"^[\w\- ]{1,40}$")


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(perm)


def _refresh_scores(author_ids) -> None:
    from .trollscore import refresh_troll_scores

    ids = list(author_ids)
    transaction.on_commit(lambda: refresh_troll_scores(ids))


def _settle_suggestions(contact: Contact, *, by) -> int:
    """Proposals between accounts now in one contact are answered by that link."""
    ids = list(contact.accounts.values_list("pk", flat=True))
    return LinkSuggestion.objects.filter(
        state=LinkSuggestion.State.PROPOSED, author_id__in=ids, candidate_id__in=ids
    ).update(state=LinkSuggestion.State.CONFIRMED, decided_by=by, decided_at=timezone.now())


def ensure_contact(author: Author, *, by, ip: str | None = None) -> Contact:
    """The author's contact, created the first time the team records something about them."""
    _require(by, WORK)
    with transaction.atomic():
        author = Author.objects.select_for_update().get(pk=author.pk)
        if author.contact_id:
            return author.contact
        contact = Contact.objects.create(name=author.display_name or author.handle)
        author.contact = contact
        author.save(update_fields=["contact"])
        audit.record(by, "contact.created", contact, data={"author": author.pk}, ip=ip)
    return contact


def link_accounts(contact: Contact, author: Author, *, by, reason: str = "", ip=None) -> Contact:
    """Links an account into the contact; if it belonged to another person, merges them."""
    _require(by, LINK)
    with transaction.atomic():
        author = Author.objects.select_for_update().get(pk=author.pk)
        if author.contact_id == contact.pk:
            return contact
        if author.contact_id:
            return merge_contacts(contact, author.contact, by=by, reason=reason, ip=ip)
        author.contact = contact
        author.save(update_fields=["contact"])
        _settle_suggestions(contact, by=by)
        audit.record(
            by,
            "contact.account_linked",
            contact,
            data={"author": author.pk, "handle": author.handle, "reason": reason[:500]},
            ip=ip,
        )
        _refresh_scores(contact.accounts.values_list("pk", flat=True))
    return contact


def unlink_account(author: Author, *, by, reason: str = "", ip=None) -> None:
    _require(by, LINK)
    with transaction.atomic():
        author = Author.objects.select_for_update().get(pk=author.pk)
        contact = author.contact
        if contact is None:
            return
        others = list(contact.accounts.exclude(pk=author.pk).values_list("pk", flat=True))
        author.contact = None
        author.save(update_fields=["contact"])
        audit.record(
            by,
            "contact.account_unlinked",
            contact,
            data={"author": author.pk, "handle": author.handle, "reason": reason[:500]},
            ip=ip,
        )
        _refresh_scores([author.pk, *others])


def merge_contacts(into: Contact, other: Contact, *, by, reason: str = "", ip=None) -> Contact:
    """Moves the other contact's accounts, notes, tags and details into ``into``; deletes it."""
    _require(by, LINK)
    if into.pk == other.pk:
        return into
    with transaction.atomic():
        accounts = list(other.accounts.values_list("pk", flat=True))
        Author.objects.filter(contact=other).update(contact=into)
        ContactNote.objects.filter(contact=other).update(contact=into)
        ContactDetail.objects.filter(contact=other).update(contact=into)
        have = set(into.tags.values_list("name", flat=True))
        ContactTag.objects.filter(contact=other).exclude(name__in=have).update(contact=into)
        audit.record(
            by,
            "contact.merged",
            into,
            data={"merged": other.pk, "name": other.name, "accounts": accounts, "reason": reason},
            ip=ip,
        )
        other.delete()
        _settle_suggestions(into, by=by)
        _refresh_scores(into.accounts.values_list("pk", flat=True))
    return into


def add_note(contact: Contact, text: str, *, by, ip=None) -> ContactNote:
    """A shared note; each ``@username`` of a teammate gets an in-app notification."""
    _require(by, WORK)
    text = text.strip()
    if not text:
        raise ValidationError(_("A note cannot be empty."))
    with transaction.atomic():
        note = ContactNote.objects.create(contact=contact, text=text[:5000], author=by)
        mentioned = _mentioned_teammates(text, exclude=by)
        url = reverse("people:contact", args=[contact.pk]) + f"#note-{note.pk}"
        for user in mentioned:
            notify(
                user,
                kind="mention",
                actor=by,
                url=url,
                message=lambda: (
                    _("%(who)s mentioned you in a note on %(contact)s")
                    % {"who": by.get_full_name() or by.get_username(), "contact": str(contact)}
                ),
            )
        audit.record(
            by,
            "contact.note_added",
            contact,
            data={"note": note.pk, "mentions": [u.get_username() for u in mentioned]},
            ip=ip,
        )
    return note


def _mentioned_teammates(text: str, *, exclude) -> list:
    names = {m.rstrip(".-") for m in MENTION.findall(text)}
    if not names:
        return []
    users = (
        get_user_model().objects.filter(username__in=names, is_active=True).exclude(pk=exclude.pk)
    )
    return [u for u in users if u.has_perm("people.view_author")]


def notify(user, *, kind: str, message, actor=None, url: str = "") -> Notification:
    """An in-app notification; ``message`` is called in the recipient's language."""
    language = getattr(getattr(user, "profile", None), "language", "") or translation.get_language()
    with translation.override(language):
        text = str(message())
    return Notification.objects.create(
        recipient=user, actor=actor, kind=kind, text=text[:500], url=url[:500]
    )


def mark_notifications_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def add_tag(contact: Contact, name: str, *, by, ip=None) -> ContactTag:
    _require(by, WORK)
    name = " ".join(name.split()).lower()
    if not TAG_NAME.match(name):
        raise ValidationError(_("A tag is a short word (letters, digits, dashes)."))
    with transaction.atomic():
        tag, created = ContactTag.objects.get_or_create(
            contact=contact, name=name, defaults={"added_by": by}
        )
        if created:
            audit.record(by, "contact.tagged", contact, data={"tag": name}, ip=ip)
            if name == "troll":
                _refresh_scores(contact.accounts.values_list("pk", flat=True))
    return tag


def remove_tag(contact: Contact, name: str, *, by, ip=None) -> None:
    _require(by, WORK)
    with transaction.atomic():
        deleted, _n = ContactTag.objects.filter(contact=contact, name=name).delete()
        if deleted:
            audit.record(by, "contact.untagged", contact, data={"tag": name}, ip=ip)


def add_contact_detail(
    contact: Contact,
    *,
    kind: str,
    value: str,
    obtained_via: str = "",
    obtained_on=None,
    by,
    ip=None,
) -> ContactDetail:
    _require(by, WORK)
    value = value.strip()
    if kind not in ContactDetail.Kind.values or not value:
        raise ValidationError(_("Give the kind of detail and its value."))
    with transaction.atomic():
        detail = ContactDetail.objects.create(
            contact=contact,
            kind=kind,
            value=value[:255],
            obtained_via=obtained_via.strip()[:255],
            obtained_on=obtained_on,
            recorded_by=by,
        )
        # The value itself stays out of the audit log: it is personal data.
        audit.record(by, "contact.detail_added", contact, data={"kind": kind}, ip=ip)
    return detail


def confirm_suggestion(suggestion: LinkSuggestion, *, by, ip=None) -> Contact:
    """A person says both accounts are one: they are linked into one contact."""
    _require(by, LINK)
    with transaction.atomic():
        s = LinkSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if s.state != LinkSuggestion.State.PROPOSED:
            raise ValidationError(_("This suggestion was already decided."))
        old, new = s.candidate, s.author
        contact = old.contact or new.contact
        if contact is None:
            contact = Contact.objects.create(name=old.display_name or old.handle)
            audit.record(by, "contact.created", contact, data={"author": old.pk}, ip=ip)
        reason = _("confirmed link suggestion (score %(score).2f)") % {"score": s.score}
        for account in (old, new):
            link_accounts(contact, account, by=by, reason=reason, ip=ip)
        contact = Author.objects.get(pk=old.pk).contact
        s.state, s.decided_by, s.decided_at = LinkSuggestion.State.CONFIRMED, by, timezone.now()
        s.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record(
            by,
            "link.confirmed",
            contact,
            data={"suggestion": s.pk, "author": new.pk, "candidate": old.pk, "score": s.score},
            ip=ip,
        )
        _refresh_scores([old.pk, new.pk])
    return contact


def reject_suggestion(suggestion: LinkSuggestion, *, by, ip=None) -> None:
    """Not the same person: the pair is kept as rejected and never proposed again."""
    _require(by, LINK)
    with transaction.atomic():
        s = LinkSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if s.state != LinkSuggestion.State.PROPOSED:
            raise ValidationError(_("This suggestion was already decided."))
        s.state, s.decided_by, s.decided_at = LinkSuggestion.State.REJECTED, by, timezone.now()
        s.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record(
            by,
            "link.rejected",
            s.author,
            data={"suggestion": s.pk, "candidate": s.candidate_id, "score": s.score},
            ip=ip,
        )
        _refresh_scores([s.author_id, s.candidate_id])

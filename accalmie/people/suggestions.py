"""What a person needs to decide a link proposal, and which moderation a network offers."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .detection import ABUSIVE_CATEGORIES, blocked_at
from .models import LinkSuggestion

SAMPLES = 3
MODERATION_VERBS = {
    "report": _("Report as spam"),
    "block": _("Block"),
    "mute": _("Mute"),
}


def open_suggestions(author_ids) -> list[LinkSuggestion]:
    """Proposals involving any of these accounts, best first."""
    return list(
        LinkSuggestion.objects.filter(state=LinkSuggestion.State.PROPOSED)
        .filter(Q(author_id__in=list(author_ids)) | Q(candidate_id__in=list(author_ids)))
        .select_related("author", "candidate", "author__contact", "candidate__contact")
        .order_by("-score", "pk")[:10]
    )


def evidence(suggestion: LinkSuggestion) -> dict:
    """Both profiles, their latest messages, the threads they share, and the block date."""
    from accalmie.inbox.models import Message

    new, old = suggestion.author, suggestion.candidate
    threads = {}
    samples = {}
    for account in (new, old):
        rows = list(
            Message.objects.filter(author=account)
            .select_related("channel")
            .order_by("-created_at")[:20]
        )
        samples[account.pk] = rows[:SAMPLES]
        threads[account.pk] = {m.thread_key for m in rows if m.thread_key}
    shared = threads[new.pk] & threads[old.pk]
    blocked = blocked_at([old.pk, new.pk])
    abusive = set(
        Message.objects.filter(author_id__in=[old.pk, new.pk], category__in=ABUSIVE_CATEGORIES)
        .values_list("author_id", flat=True)
        .distinct()
    )
    return {
        "suggestion": suggestion,
        "percent": round(suggestion.score * 100),
        "reasons": suggestion.reason_texts,
        "sides": [
            {
                "account": account,
                "samples": samples[account.pk],
                "blocked_at": blocked.get(account.pk),
                "abusive": account.pk in abusive,
            }
            for account in (new, old)
        ],
        "shared_threads": sorted(shared)[:5],
        "shared_count": len(shared),
    }


def moderation_options(author, message_id: int | None) -> list[dict]:
    """Report, block and mute for this account: offered where its network can, else why not.

    The request is made on the author's latest message through
    ``moderation.actions.request_moderation`` (its view), so the approval
    policy and the network's capability are checked there, once.
    """
    from accalmie.channels.connectors.base import connector_class

    capabilities = connector_class(author.network).capabilities()
    options = []
    for verb, label in MODERATION_VERBS.items():
        capability = capabilities.get(verb)
        supported = bool(capability and capability.supported)
        if message_id is None and supported:
            supported, reason = False, _("No message from this account to act on.")
        else:
            reason = capability.reason if capability else _("Not available on this network.")
        options.append(
            {
                "verb": verb,
                "label": label,
                "supported": supported,
                "reason": reason,
                "message": message_id,
            }
        )
    return options

"""The demo's reply library, default policies, and two drafts waiting in the approvals queue."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accalmie.inbox.actions import assign_message
from accalmie.inbox.models import Message, Status

from . import actions
from .models import Draft
from .policy import ensure_default_policies
from .templates_store import load_library, render_body, suggested_templates, variables_for

# The angry customer of journey 2 is left for the person trying the demo.
JOURNEY_HANDLES = ("claire_moreau17",)
DELAY_PATTERN = r"(retard|delay|late|cancel|annul)"


def seed_replies(users: dict) -> int:
    """Returns how many drafts were submitted; does nothing when drafts exist already."""
    ensure_default_policies()
    load_library()
    if Draft.objects.exists():
        return 0
    made = 0
    old_enough = timezone.now() - timedelta(days=365)
    for language, username in (("fr", "agent"), ("en", "agent2")):
        user = users.get(username)
        candidates = (
            Message.objects.filter(
                category="negative", language=language, status__in=[Status.NEW, Status.ASSIGNED]
            )
            .exclude(author__handle__in=JOURNEY_HANDLES)
            # Real customers (an old account, no troll signal), as a queue shows on a good day.
            .filter(author__troll_score__lt=0.3, author__account_created_at__lt=old_enough)
            .select_related("author", "channel")
            .order_by("-created_at")
        )
        # A delay complaint, so the "apologise for a delay" template fits.
        message = candidates.filter(text__iregex=DELAY_PATTERN).first() or candidates.first()
        if user is None or message is None:
            continue
        suggested = sorted(suggested_templates(message)[0], key=lambda t: "delay" not in t.key)
        texts = [render_body(t.body, variables_for(message, user)) for t in suggested]
        text = next((t for t in texts if "{" not in t), None)
        if text is None:
            continue
        try:
            if message.assignee_id is None:
                assign_message(message, to=user, by=user)
            draft = actions.save_draft(message, by=user, text=text)
            actions.submit_draft(draft, by=user)
        except (PermissionDenied, ValidationError):
            continue  # the network cannot take replies: nothing to show in the queue
        made += 1
    return made

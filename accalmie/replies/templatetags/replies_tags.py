from django import template
from django.template.loader import get_template

from accalmie.replies import panel

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_panel_data(context, message):
    """What the reply panel shows for this message and the person looking."""
    return panel.panel_for(message, context["request"].user)


@register.simple_tag
def live_tone(draft):
    """The draft's tone check in the reader's language (the stored one is the record)."""
    return panel.live_report(draft)


@register.simple_tag
def reasons_for(draft) -> list[str]:
    """Why the draft waits, in the reader's language (the stored sentences are the record)."""
    from accalmie.replies.policy import approval_reasons

    if draft.state != "awaiting_approval":
        return draft.approval_reasons
    return (
        approval_reasons(
            action="reply", message=draft.message, by=draft.author, findings=draft.tone_report
        )
        or draft.approval_reasons
    )


@register.simple_tag(takes_context=True)
def include_if_exists(context, name: str):
    """Renders ``name`` with the current context when another app provides it.

    The approval queue keeps a slot for moderation requests
    (``moderation/_pending_for_approvals.html``) without depending on that app.
    """
    try:
        tpl = get_template(name)
    except template.TemplateDoesNotExist:
        return ""
    return tpl.render(context.flatten(), context.get("request"))


@register.filter
def case_ref(message) -> str:
    from accalmie.replies.templates_store import case_reference

    return case_reference(message)


@register.simple_tag
def waiting_for_me(user) -> int:
    """How many replies and moderation requests wait for this approver (the nav's count)."""
    from accalmie.moderation.models import ModerationRequest
    from accalmie.replies.queue import count_waiting

    if not user.has_perm("replies.approve_draft"):
        return 0
    moderation = (
        ModerationRequest.objects.filter(state=ModerationRequest.State.PENDING)
        .exclude(requested_by=user)
        .count()
    )
    return count_waiting(user) + moderation

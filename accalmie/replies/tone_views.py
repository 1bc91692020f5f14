"""The live tone check: the editor posts its draft as the agent types (htmx)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from accalmie.channels.models import Network
from accalmie.inbox.models import Kind, Message

from .tone import check_tone

# The editor's textarea allows 20,000 characters; what is beyond is not read.
MAX_DRAFT_CHARS = 20_000


@login_required
@permission_required("inbox.work_message", raise_exception=True)
@require_POST
def check(request):
    """POST ``text`` (and ``message``, the id answered): the findings as an htmx partial,
    or as JSON when the client asks for ``application/json``."""
    text = request.POST.get("text", "")[:MAX_DRAFT_CHARS]
    message = None
    if request.POST.get("message", "").isdigit():
        message = get_object_or_404(
            Message.objects.select_related("channel"), pk=request.POST["message"]
        )
    network = request.POST.get("network", "")
    if network not in Network.values:
        network = message.channel.kind if message else None
    report = check_tone(
        text,
        network=network,
        incoming=message.text if message else None,
        incoming_category=(message.category or None) if message else None,
        public=not (message and message.kind == Kind.DIRECT),
    )
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(report.as_dict())
    return render(request, "replies/_tone_findings.html", {"report": report})

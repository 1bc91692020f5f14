"""Meta's webhooks (Facebook Page feed, Instagram comments): real time for those channels.

GET is Meta's subscription handshake: the verify token chosen by the admin
must match, then ``hub.challenge`` is echoed. POST carries comments, signed
with the app secret (``X-Hub-Signature-256``); a comment is stored through
``ingest_rows`` before the 200 goes back, so an answer Meta never receives
leads to a retry that dedupe absorbs, never to a lost comment. A body that is
signed but malformed is refused whole (400): nothing of it is stored.
"""

import hashlib
import hmac
import json
import logging

from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.schema import validate_row

from .connectors.base import get_connector
from .connectors.meta import WebhookPayloadError
from .models import Channel

log = logging.getLogger(__name__)
OBJECTS = {"facebook": "page", "instagram": "instagram"}


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def _bad(reason: str, **extra) -> JsonResponse:
    return JsonResponse({"error": reason, **extra}, status=400)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta_webhook(request, name: str):
    channel = get_object_or_404(Channel, name=name, kind__in=OBJECTS, is_active=True)
    credentials = channel.get_credentials()
    if request.method == "GET":
        token = request.GET.get("hub.verify_token", "")
        expected = credentials.get("verify_token", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and expected
            and hmac.compare_digest(token, expected)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verification failed", content_type="text/plain")

    if not signature_ok(
        credentials.get("app_secret", ""),
        request.body,
        request.headers.get("X-Hub-Signature-256", ""),
    ):
        log.warning("meta webhook for channel %s: bad signature", channel.pk)
        return HttpResponseForbidden("bad signature", content_type="text/plain")
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _bad("the body is not JSON")
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        return _bad("expected an object with an 'entry' list")
    if payload.get("object") != OBJECTS[channel.kind]:
        return _bad(f"expected object '{OBJECTS[channel.kind]}' for this channel")

    connector = get_connector(channel)
    rows = []
    try:
        for entry in payload["entry"]:
            if not isinstance(entry, dict):
                raise WebhookPayloadError("each entry must be an object")
            rows.extend(connector.webhook_rows(entry))
    except WebhookPayloadError as exc:
        return _bad(str(exc))
    numbered = [(i, row) for i, (row, _raw) in enumerate(rows, 1)]
    # All or nothing: one bad comment refuses the delivery (Meta retries it).
    errors = []
    for i, row in numbered:
        result = validate_row(i, row)
        if isinstance(result, list):  # a list of RowError; a valid row is a MessageIn
            errors.extend(result)
    if errors:
        return _bad("invalid comment", details=[str(e) for e in errors])
    report = ingest_rows(channel, numbered)
    # A delivery that arrived and was stored is the channel working (its health page).
    Channel.objects.filter(pk=channel.pk).update(last_success_at=timezone.now())
    return JsonResponse({"received": report.received, "created": report.created})

"""Contacts: the list, one person's page, and the forms that change them (thin: see actions)."""

from datetime import date

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accalmie.audit.models import entries_for
from accalmie.channels.models import Network, OutboundAction
from accalmie.core.http import client_ip
from accalmie.inbox.models import Message

from . import actions
from .models import Author, Contact, ContactDetail, LinkSuggestion, PileOn, Tag
from .profile import follow_status, influence, profile_history
from .suggestions import evidence, moderation_options, open_suggestions

view_people = permission_required("people.view_author", raise_exception=True)
SORTS = {"troll": "-max_troll", "seen": "-last_seen", "name": "name"}


def _back(request):
    """Back to the page the form was on, if it is one of ours."""
    url = request.POST.get("back", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(url)
    return None


def _refusal(request, exc) -> None:
    if isinstance(exc, PermissionDenied):
        raise exc
    flash.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


@login_required
@view_people
@require_GET
def contacts(request):
    q = request.GET.get("q", "").strip()[:100]
    tag = request.GET.get("tag", "").strip()[:40]
    sort = request.GET.get("sort", "seen")
    qs = Contact.objects.annotate(
        max_troll=Max("accounts__troll_score"),
        last_seen=Max("accounts__last_seen_at"),
        n_accounts=Count("accounts", distinct=True),
    ).prefetch_related("tags", "accounts")
    if tag:
        qs = qs.filter(tags__name=tag)
    loose = Author.objects.none()
    if q:
        handle = q.lstrip("@")
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(accounts__handle__icontains=handle)
            | Q(accounts__display_name__icontains=q)
            | Q(tags__name=q.lower())
        ).distinct()
        loose = Author.objects.filter(
            Q(handle__icontains=handle) | Q(display_name__icontains=q), contact__isnull=True
        ).order_by("-last_seen_at")[:20]
    qs = qs.order_by(SORTS.get(sort, "-last_seen"), "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/contacts.html",
        {
            "page": page,
            "q": q,
            "tag": tag,
            "sort": sort,
            "tags": Tag.choices,
            "loose": loose,
            "unread": request.user.notifications.filter(read_at__isnull=True).count(),
        },
    )


@login_required
@view_people
@require_GET
def contact(request, pk: int):
    person = get_object_or_404(Contact, pk=pk)
    return _person_page(request, person, list(person.accounts.order_by("network", "handle")))


@login_required
@view_people
@require_GET
def author(request, pk: int):
    account = get_object_or_404(Author, pk=pk)
    if account.contact_id:
        return redirect("people:contact", account.contact_id)
    return _person_page(request, None, [account])


def _person_page(request, person, accounts):
    ids = [a.pk for a in accounts]
    # each account's newest message: its raw payload (follow status) and where to moderate
    latest = {
        a.pk: Message.objects.filter(author=a).order_by("-created_at").values("raw", "pk").first()
        or {}
        for a in accounts
    }
    cards = [
        {
            "account": a,
            "influence": influence(a.followers),
            "follow": follow_status(latest.get(a.pk, {}).get("raw")),
            "moderation": moderation_options(a, latest.get(a.pk, {}).get("pk")),
        }
        for a in accounts
    ]
    for card in cards:
        card["moderation_offered"] = [o for o in card["moderation"] if o["supported"]]
    timeline = (
        Message.objects.filter(author_id__in=ids)
        .select_related("channel", "author")
        .prefetch_related(
            Prefetch(
                "outbound",
                queryset=OutboundAction.objects.filter(verb=OutboundAction.Verb.REPLY).order_by(
                    "created_at"
                ),
                to_attr="replies",
            )
        )
        .order_by("-created_at", "-pk")
    )
    can_work = request.user.has_perm("inbox.work_message")
    context = {
        "contact": person,
        "subject_kind": "contacts" if person else "accounts",
        "subject_pk": person.pk if person else accounts[0].pk,
        "cards": cards,
        "history": profile_history(ids),
        "page": Paginator(timeline, 25).get_page(request.GET.get("page")),
        "notes": person.notes.select_related("author") if person else [],
        "tags": person.tags.all() if person else [],
        "tag_choices": Tag.choices,
        "networks": Network.choices,
        "details": person.details.select_related("recorded_by") if person and can_work else [],
        "detail_kinds": ContactDetail.Kind.choices,
        "can_work": can_work,
        "can_link": request.user.has_perm("people.link_accounts"),
        "suggestions": [evidence(s) for s in open_suggestions(ids)],
        "audit": entries_for(person)[:50] if person else [],
        "today": date.today(),
    }
    return render(request, "people/contact.html", context)


def _subject(request, kind: str, pk: int) -> Contact:
    """The contact a form is about; an account not yet in one gets one now."""
    if kind == "contacts":
        return get_object_or_404(Contact, pk=pk)
    if kind == "accounts":
        account = get_object_or_404(Author, pk=pk)
        return account.contact or actions.ensure_contact(
            account, by=request.user, ip=client_ip(request)
        )
    raise Http404


@login_required
@permission_required("inbox.work_message", raise_exception=True)
@require_POST
def add_note(request, kind: str, pk: int):
    person = _subject(request, kind, pk)
    try:
        actions.add_note(
            person, request.POST.get("text", ""), by=request.user, ip=client_ip(request)
        )
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("people:contact", person.pk)


@login_required
@permission_required("inbox.work_message", raise_exception=True)
@require_POST
def tag(request, kind: str, pk: int):
    person = _subject(request, kind, pk)
    name = (request.POST.get("name") or request.POST.get("free") or "").strip()
    try:
        if request.POST.get("remove"):
            actions.remove_tag(person, name, by=request.user, ip=client_ip(request))
        else:
            actions.add_tag(person, name, by=request.user, ip=client_ip(request))
    except ValidationError as exc:
        _refusal(request, exc)
    return redirect("people:contact", person.pk)


@login_required
@permission_required("inbox.work_message", raise_exception=True)
@require_POST
def add_detail(request, kind: str, pk: int):
    person = _subject(request, kind, pk)
    try:
        on = request.POST.get("obtained_on") or None
        actions.add_contact_detail(
            person,
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
            obtained_via=request.POST.get("obtained_via", ""),
            obtained_on=date.fromisoformat(on) if on else None,
            by=request.user,
            ip=client_ip(request),
        )
    except (ValidationError, ValueError) as exc:
        _refusal(request, ValidationError(str(exc)) if isinstance(exc, ValueError) else exc)
    return redirect("people:contact", person.pk)


@login_required
@permission_required("people.link_accounts", raise_exception=True)
@require_POST
def link(request, kind: str, pk: int):
    handle = request.POST.get("handle", "").strip().lstrip("@")
    network = request.POST.get("network", "")
    other = Author.objects.filter(network=network, handle__iexact=handle).first()
    if other is None:
        flash.error(request, _("No account @%(handle)s on that network.") % {"handle": handle})
        return _back(request) or redirect("people:contacts")
    person = _subject(request, kind, pk)
    actions.link_accounts(
        person,
        other,
        by=request.user,
        reason=request.POST.get("reason", ""),
        ip=client_ip(request),
    )
    return redirect("people:contact", Author.objects.get(pk=other.pk).contact_id)


@login_required
@permission_required("people.link_accounts", raise_exception=True)
@require_POST
def unlink(request, pk: int):
    account = get_object_or_404(Author, pk=pk)
    contact_id = account.contact_id
    actions.unlink_account(
        account, by=request.user, reason=request.POST.get("reason", ""), ip=client_ip(request)
    )
    if contact_id and Contact.objects.filter(pk=contact_id).exists():
        return redirect("people:contact", contact_id)
    return redirect("people:author", account.pk)


@login_required
@permission_required("people.link_accounts", raise_exception=True)
@require_POST
def decide(request, pk: int, decision: str):
    suggestion = get_object_or_404(LinkSuggestion, pk=pk)
    try:
        if decision == "confirm":
            person = actions.confirm_suggestion(suggestion, by=request.user, ip=client_ip(request))
            flash.success(request, _("Accounts linked."))
            return redirect("people:contact", person.pk)
        actions.reject_suggestion(suggestion, by=request.user, ip=client_ip(request))
        flash.success(request, _("Suggestion rejected: it will not be proposed again."))
    except ValidationError as exc:
        _refusal(request, exc)
    return _back(request) or redirect("people:author", suggestion.author_id)


@login_required
@view_people
@require_GET
def suggestion(request, pk: int):
    """Both accounts side by side, full width, to decide."""
    proposal = get_object_or_404(
        LinkSuggestion.objects.select_related("author", "candidate"), pk=pk
    )
    return render(request, "people/suggestion.html", {"item": evidence(proposal)})


@login_required
@view_people
@require_GET
def pileon(request, pk: int):
    event = get_object_or_404(PileOn.objects.select_related("channel"), pk=pk)
    rows = event.messages().select_related("author", "channel").order_by("created_at")
    return render(
        request,
        "people/pileon.html",
        {"event": event, "page": Paginator(rows, 100).get_page(request.GET.get("page"))},
    )


@login_required
def notifications(request):
    items = list(request.user.notifications.select_related("actor")[:100])
    if request.method == "POST":
        actions.mark_notifications_read(request.user)
        return redirect("people:notifications")
    return render(request, "people/notifications.html", {"items": items})

"""Channel admin pages: list with health, add, detail, replace credentials, remove,
and the capability matrix. Rules live in ``actions``; these only parse and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accalmie.audit.models import entries_for

from . import actions
from .capabilities import cell, matrix
from .connectors.base import ACTIONS, connector_class
from .forms import AddChannelForm, CredentialsForm, network_choices
from .health import health_of
from .models import Channel, Network, OutboundAction
from .permissions import can_add_channels, can_manage_channels, can_view_channels


def _verb_labels():
    return [dict(OutboundAction.Verb.choices)[v] for v in ACTIONS]


def _network_facts(kind: str) -> dict:
    # Plain values: a connector class in a template would be called (instantiated).
    cls = connector_class(kind)
    labels = dict(OutboundAction.Verb.choices)
    return {
        "rate_limit": cls.rate_limit,
        "max_reply_length": cls.max_reply_length,
        "credential_labels": [str(label) for label in cls.credential_fields.values()],
        "cap_cells": [(labels[verb], cell(kind, verb)) for verb in ACTIONS],
    }


@login_required
@can_manage_channels
@require_GET
def channel_list(request):
    channels = Channel.objects.order_by("-is_active", "name")
    rows = [(c, health_of(c)) for c in channels]
    return render(request, "channels/list.html", {"rows": rows})


@login_required
@can_add_channels
@require_GET
def channel_add(request):
    return render(request, "channels/add_choose.html", {"networks": network_choices()})


@login_required
@can_add_channels
@require_http_methods(["GET", "POST"])
def channel_add_kind(request, kind: str):
    if kind not in Network.values:
        raise Http404
    form = AddChannelForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        channel, token = actions.add_channel_with_credentials(
            by=request.user,
            name=form.cleaned_data["name"],
            kind=kind,
            display_name=form.cleaned_data["display_name"],
            handle=form.cleaned_data["handle"],
            credentials=form.credentials(),
        )
        messages.success(
            request,
            _("Channel added. Its credentials are stored encrypted and will not be shown again."),
        )
        if kind == Network.WEBHOOK:
            # The generic webhook's token exists only now: shown once, never stored in clear.
            return render(
                request, "channels/detail.html", _detail_context(channel, new_token=token)
            )
        return redirect("channels:detail", pk=channel.pk)
    return render(
        request,
        "channels/add_form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": dict(Network.choices)[kind],
            "connector": connector_class(kind),
        },
    )


def _detail_context(channel, **extra):
    return {
        "channel": channel,
        "health": health_of(channel),
        "net": _network_facts(channel.kind),
        "history": entries_for(channel)[:20],
        **extra,
    }


@login_required
@can_manage_channels
@require_GET
def channel_detail(request, pk: int):
    channel = get_object_or_404(Channel, pk=pk)
    return render(request, "channels/detail.html", _detail_context(channel))


@login_required
@can_manage_channels
@require_http_methods(["GET", "POST"])
def channel_credentials(request, pk: int):
    channel = get_object_or_404(Channel, pk=pk)
    form = CredentialsForm(request.POST or None, kind=channel.kind)
    if request.method == "POST" and form.is_valid():
        actions.replace_credentials(channel, by=request.user, credentials=form.credentials())
        messages.success(request, _("Credentials replaced."))
        return redirect("channels:detail", pk=channel.pk)
    return render(request, "channels/credentials_form.html", {"form": form, "channel": channel})


@login_required
@can_manage_channels
@require_http_methods(["GET", "POST"])
def channel_remove(request, pk: int):
    channel = get_object_or_404(Channel, pk=pk)
    if request.method == "POST":
        actions.remove_channel(channel, by=request.user)
        messages.success(request, _("Channel removed: deactivated and its credentials wiped."))
        return redirect("channels:list")
    return render(request, "channels/remove_confirm.html", {"channel": channel})


@login_required
@can_view_channels
@require_GET
def capabilities(request):
    return render(
        request, "channels/capabilities.html", {"matrix": matrix(), "verbs": _verb_labels()}
    )

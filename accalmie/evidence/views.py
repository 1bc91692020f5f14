from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accalmie.core.http import client_ip, refusals_as_messages
from accalmie.incidents.models import Incident
from accalmie.people.models import Author, Contact

from . import actions
from .dossier import file_sha256, pdf_path, zip_path
from .models import Dossier

SUBJECTS = {"incident": Incident, "contact": Contact, "author": Author}


@login_required
@permission_required("evidence.add_dossier", raise_exception=True)
@require_POST
def request_dossier(request):
    model = SUBJECTS.get(request.POST.get("subject", ""))
    if model is None:
        raise Http404
    subject = get_object_or_404(model, pk=request.POST.get("id") or 0)
    with refusals_as_messages(request):
        dossier = actions.request_dossier(
            by=request.user,
            language=(get_language() or "en")[:2],
            ip=client_ip(request),
            **{request.POST["subject"]: subject},
        )
        return redirect("evidence:dossier", pk=dossier.pk)
    return redirect(request.META.get("HTTP_REFERER") or "incidents:list")


@login_required
@permission_required("evidence.view_dossier", raise_exception=True)
def dossier_detail(request, pk: int):
    dossier = get_object_or_404(
        Dossier.objects.select_related("requested_by", "incident", "contact", "author"), pk=pk
    )
    template = "evidence/_dossier_state.html" if request.htmx else "evidence/dossier_page.html"
    return render(request, template, {"dossier": dossier})


@login_required
@permission_required("evidence.view_dossier", raise_exception=True)
def download(request, pk: int, fmt: str):
    dossier = get_object_or_404(Dossier, pk=pk)
    path = pdf_path(dossier) if fmt == "pdf" else zip_path(dossier)
    if dossier.state != Dossier.State.READY or not path.is_file():
        raise Http404
    # Never hand out a file that is not the one built and recorded.
    expected = dossier.pdf_sha256 if fmt == "pdf" else dossier.zip_sha256
    if file_sha256(path) != expected:
        raise PermissionDenied(_("This dossier's file no longer matches its recorded SHA-256."))
    actions.record_download(dossier, fmt, by=request.user, ip=client_ip(request))
    return FileResponse(
        open(path, "rb"),  # noqa: SIM115  (FileResponse closes it)
        as_attachment=True,
        filename=path.name,
        content_type="application/pdf" if fmt == "pdf" else "application/zip",
    )

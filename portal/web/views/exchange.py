"""Catalog import from 1C files for the factory admin: upload, history, one run's status;
and the log of 1C's own exchange sessions (/exchange/1c/)."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from portal.exchange.models import ExchangeEvent, ExchangeSession, ImportRun
from portal.exchange.policies import can_import_catalog
from portal.exchange.services import catalog_import_upload

from ..access import actor_required, require
from ..forms_exchange import ImportUploadForm
from ..htmx import template_for

REFUSAL = "Загрузка каталога из 1С доступна только администратору завода."
HISTORY_SIZE = 50
SESSIONS_SIZE = 30


@actor_required
def import_list(request):
    actor = request.actor
    require(can_import_catalog(actor), REFUSAL)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = catalog_import_upload(actor=actor, uploads=form.cleaned_data["files"])
        return redirect("exchange:detail", run.pk)
    runs = ImportRun.objects.visible_to(actor).select_related("user")[:HISTORY_SIZE]
    return render(request, "exchange/import_list.html", {"form": form, "runs": runs})


@actor_required
def import_detail(request, pk: int):
    actor = request.actor
    require(can_import_catalog(actor), REFUSAL)
    run = get_object_or_404(ImportRun.objects.visible_to(actor).select_related("user"), pk=pk)
    template = template_for(request, "exchange/import_detail.html", "status")
    return render(request, template, {"run": run})


@actor_required
def session_list(request):
    """Every exchange session with its files, their imports and its failed requests."""
    actor = request.actor
    require(can_import_catalog(actor), REFUSAL)
    failures = ExchangeEvent.objects.filter(answer="failure").order_by("at", "pk")
    sessions = (
        ExchangeSession.objects.visible_to(actor)
        .select_related("user")
        .annotate(requests=Count("events"))
        .prefetch_related("files__run", Prefetch("events", failures, to_attr="errors"))[
            :SESSIONS_SIZE
        ]
    )
    refused = ExchangeEvent.objects.filter(session=None).order_by("-at", "-pk")[:HISTORY_SIZE]
    return render(request, "exchange/session_list.html", {"sessions": sessions, "refused": refused})

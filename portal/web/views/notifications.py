"""The bell's page: one's notifications, marking them read, and which kinds come by e-mail."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.notifications import selectors, services
from portal.notifications.kinds import label
from portal.notifications.models import Notification

from ..access import actor_required
from ..forms_orders import EmailPreferencesForm

PAGE_SIZE = 30


@actor_required
def notification_list(request):
    notifications = selectors.notification_list(request.actor)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.kind_label = label(item.kind)
    return render(request, "notifications/notification_list.html", {"page": page})


@actor_required
@require_POST
def notification_open(request, pk):
    """Mark one read and go where it points (a page of the portal only)."""
    notification = get_object_or_404(Notification.objects.visible_to(request.actor), pk=pk)
    services.notification_mark_read(actor=request.actor, notification_id=pk)
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None)
    return redirect(notification.link if notification.link and safe else "notifications:list")


@actor_required
@require_POST
def notification_read(request, pk):
    get_object_or_404(Notification.objects.visible_to(request.actor), pk=pk)
    services.notification_mark_read(actor=request.actor, notification_id=pk)
    return redirect("notifications:list")


@actor_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(actor=request.actor)
    messages.success(request, f"Прочитано уведомлений: {count}.")
    return redirect("notifications:list")


@actor_required
def email_settings(request):
    actor = request.actor
    form = EmailPreferencesForm(
        request.POST or None, current=selectors.email_preferences(actor), auto_id="pref-%s"
    )
    if request.method == "POST" and form.is_valid():
        form.attempt(services.email_preferences_set, actor=actor, by_email=form.choices())
        if not form.errors:
            messages.success(request, "Настройки уведомлений сохранены.")
            return redirect("notifications:settings")
    return render(request, "notifications/email_settings.html", {"form": form})

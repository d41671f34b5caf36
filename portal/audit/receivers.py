"""Logins, logouts and failed logins arrive as Django's auth signals, lock-outs as django-axes's;
each becomes a row."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portal.core.http import client_ip

from .services import audit_record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(action="login", user=user, organisation=user.organisation, ip=client_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action="logout", user=user, organisation=user.organisation, ip=client_ip(request)
        )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    from portal.accounts.models import User

    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    known = User.objects.filter(email__iexact=email).select_related("organisation").first()
    audit_record(
        action="login_failed",
        email=email,
        organisation=known.organisation if known else None,
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    """Sent when the lock-out starts and again for each attempt refused while it lasts."""
    from portal.accounts.models import User

    email = str(username or "")[:254]
    known = User.objects.filter(email__iexact=email).select_related("organisation").first()
    audit_record(
        action="login_locked",
        email=email,
        organisation=known.organisation if known else None,
        ip=ip_address,
    )

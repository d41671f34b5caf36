from axes.helpers import get_cool_off
from django.shortcuts import render


def lockout(request, credentials, *args, **kwargs):
    """django-axes calls this when an account is locked out from this address."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)

from django.shortcuts import render


def lockout(request, credentials, *args, **kwargs):
    """django-axes calls this when an account is locked out from this address."""
    return render(request, "accounts/locked_out.html", status=429)

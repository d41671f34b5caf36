"""How many failed sign-ins django-axes allows: ``AXES_FAILURE_LIMIT`` points here.

axes counts failures per (e-mail, address) and compares them with one limit; the limit itself
shrinks to nothing once the address has failed too often over all e-mails, so a password
sprayed over many accounts from one address stops there, while colleagues behind one office
NAT making ordinary typos on their own e-mails stay well below it.
"""

from axes.attempts import get_cool_off_threshold
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials) -> int:
    """``AXES_ACCOUNT_FAILURE_LIMIT`` for the e-mail from this address, or 0 (locked for every
    e-mail) once the address has ``AXES_ADDRESS_FAILURE_LIMIT`` failures within the cool-off."""
    address_failures = (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    if address_failures >= settings.AXES_ADDRESS_FAILURE_LIMIT:
        return 0
    return settings.AXES_ACCOUNT_FAILURE_LIMIT

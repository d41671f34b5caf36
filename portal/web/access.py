"""The one gate in front of every HTML view: an Actor is required, refusals become a 403 page."""

from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as HttpForbidden

from portal.core.errors import DomainError, PermissionDenied


def actor_required(view):
    """Anonymous → the login page; a service's PermissionDenied → 403 with its Russian message.

    ``request.actor`` is set by ``ActorMiddleware``; it is None for a signed-in account without
    an organisation (a bare superuser), who gets a 403 rather than a login loop.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.actor is None:
            if request.user.is_authenticated:
                raise HttpForbidden("У вашей учётной записи нет организации в портале.")
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            raise HttpForbidden(error.message) from error

    return wrapper


def require(allowed: bool, message: str = "Недостаточно прав для этого раздела.") -> None:
    """Refuse with a 403 when the policy said no (for pages that only show a form)."""
    if not allowed:
        raise PermissionDenied(message)


@contextmanager
def refusal_as_message(request):
    """For one-button actions: a business refusal becomes an error message on the next page.

    A PermissionDenied is not swallowed: it still becomes the 403 page.
    """
    try:
        yield
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, error.message)

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect

from portal.accounts.sessions import session_is_ended
from portal.core.http import client_ip

from .actor import actor_for_user


class ActorMiddleware:
    """Resolves ``request.actor`` once per request.

    A logged-in user whose company (or user record) was blocked is logged out on their very
    next request and sent to the login page with the reason; so is a session that signed in
    before a block, even when the block was lifted before that request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        user = request.user
        if user.is_authenticated:
            actor = actor_for_user(user, ip=client_ip(request))
            if (actor is None and not user.is_superuser) or session_is_ended(request.session, user):
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.error(request, "Доступ вашей организации или вашей учётной записи закрыт.")
                return redirect("accounts:login")
            request.actor = actor
        elif SESSION_KEY in getattr(request, "session", {}):
            # The session's user was blocked (or deleted): Django just ignores such a session;
            # end it for good, so unblocking the user later does not bring it back.
            logout(request)
        return self.get_response(request)

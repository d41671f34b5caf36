"""``Authorization: Token …`` for 1C and dealers' own systems.

A session request gets ``request.actor`` from ``ActorMiddleware``; a token request gets it
here, built by the same ``actor_for_user`` call, so views read ``request.actor`` either way.
"""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from portal.accounts.sessions import token_is_ended
from portal.core.http import client_ip
from portal.organisations.actor import actor_for_user

ACCESS_CLOSED = "Доступ вашей организации или вашей учётной записи закрыт."


class ActorTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        actor = actor_for_user(user, ip=client_ip(request))
        if actor is None:
            raise AuthenticationFailed(ACCESS_CLOSED)
        # On the Django request, where the middleware keeps it: DRF's Request reads through.
        request._request.actor = actor
        return user, token

    def authenticate_credentials(self, key):
        from rest_framework.authtoken.models import Token

        token = Token.objects.select_related("user__organisation__parent").filter(key=key).first()
        if token is None:
            raise AuthenticationFailed("Неверный API-токен.")
        if not token.user.is_active or token_is_ended(token, token.user):
            raise AuthenticationFailed(ACCESS_CLOSED)
        return token.user, token

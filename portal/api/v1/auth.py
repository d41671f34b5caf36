"""``POST /api/v1/auth/token/``: exchange an e-mail and password for an API token.

The password is checked by ``django.contrib.auth.authenticate`` like the web login, so
django-axes counts failures (and locks out) and the audit log records them.
"""

from django.contrib.auth import authenticate
from django.db import transaction
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.accounts.backends import company_closed_for
from portal.accounts.sessions import token_is_ended
from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.core.http import client_ip
from portal.organisations.actor import Actor, actor_for_user

from ..authentication import ACCESS_CLOSED
from ..inputs import InputSerializer
from ..serializers import DetailSerializer, ErrorSerializer
from ..throttling import ScopedClientThrottle

BAD_CREDENTIALS = "Неверный e-mail или пароль."
LOCKED_OUT = "Слишком много неудачных попыток входа. Попробуйте позже."


class CredentialsSerializer(InputSerializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


@transaction.atomic
def _token_issue(actor: Actor) -> Token:
    """The user's token (one per user; the same one on every call, unless a block ended it) and
    an audit row."""
    token, _created = Token.objects.get_or_create(user=actor.user)
    if token_is_ended(token, actor.user):
        token.delete()
        token = Token.objects.create(user=actor.user)
    # obj is the user: a Token's primary key is the secret itself.
    audit_record(
        action="api_token_issued", actor=actor, organisation=actor.organisation, obj=actor.user
    )
    return token


class TokenIssueView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientThrottle]
    throttle_scope = "token"

    @extend_schema(
        summary="Получить API-токен",
        auth=[],
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Неверный e-mail или пароль."),
            403: OpenApiResponse(DetailSerializer, description="Доступ организации закрыт."),
            429: OpenApiResponse(DetailSerializer, description="Слишком много попыток."),
        },
    )
    def post(self, request):
        form = CredentialsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request=request,
            username=form.validated_data["email"],
            password=form.validated_data["password"],
        )
        if user is None:
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            if company_closed_for(form.validated_data["email"], form.validated_data["password"]):
                raise PermissionDenied(ACCESS_CLOSED)
            raise DomainError(BAD_CREDENTIALS)
        actor = actor_for_user(user, ip=client_ip(request))
        if actor is None:
            raise PermissionDenied(ACCESS_CLOSED)
        return Response({"token": _token_issue(actor).key})


urlpatterns = [path("auth/token/", TokenIssueView.as_view(), name="auth-token")]

from rest_framework.permissions import BasePermission


class HasActor(BasePermission):
    """Only a person acting for an open organisation may call the API.

    Anonymous callers get 401 (DRF answers so when no authenticator succeeded); a signed-in
    account without an Actor (e.g. a superuser outside any organisation) gets 403.
    """

    message = "Доступ к API есть только у пользователей организаций портала."

    def has_permission(self, request, view):
        return getattr(request, "actor", None) is not None

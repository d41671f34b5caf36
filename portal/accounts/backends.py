from django.contrib.auth.backends import ModelBackend

from portal.organisations.actor import organisation_is_open

from .models import User
from .session_user import user_with_organisation


class EmailBackend(ModelBackend):
    """E-mail login, case-insensitive; loads the organisation (and its parent) in one query.

    Nobody of a blocked company (or of a blocked dealer's sub-dealer) signs in; an account
    outside any organisation (a superuser) is left to the checks after sign-in.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = _user_with_password(username or kwargs.get("email"), password)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and _company_open(user)

    def get_user(self, user_id):
        # A signed-in user of a company blocked since still resolves here, so that
        # ActorMiddleware can log them out with the reason rather than silently.
        user = user_with_organisation(user_id)
        return user if user is not None and super().user_can_authenticate(user) else None


def company_closed_for(email: str | None, password: str | None) -> bool:
    """The e-mail and password are right, but the person's company is blocked.

    Sign-in forms use it to say «access closed» instead of «wrong password»; only someone who
    knows the password learns it.
    """
    user = _user_with_password(email, password)
    return user is not None and user.is_active and not _company_open(user)


def _user_with_password(email: str | None, password: str | None) -> User | None:
    email = (email or "").strip()
    if not email or password is None:
        return None
    user = User.objects.select_related("organisation__parent").filter(email__iexact=email).first()
    if user is None:
        User().set_password(password)  # same work as a real check: no timing oracle
        return None
    return user if user.check_password(password) else None


def _company_open(user: User) -> bool:
    organisation = user.organisation
    return organisation is None or organisation_is_open(organisation)

"""Every sign-in (the login form, an accepted invitation, ``Client.login``) marks its session."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .sessions import session_mark_signed_in


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    session_mark_signed_in(request.session)

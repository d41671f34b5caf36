from rest_framework.authentication import TokenAuthentication


class ActorTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …``; the user is loaded with the organisation the Actor needs."""

    def get_model(self):
        from rest_framework.authtoken.models import Token

        return Token

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        return user, token

"""Asking for an API token with an e-mail and password, as a client system does."""

from rest_framework.test import APIClient

from tests.world import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def issue(email: str, password: str = PASSWORD):
    return APIClient().post(TOKEN_URL, {"email": email, "password": password}, format="json")


def client_with_new_token(email: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(email).json()['token']}")
    return client

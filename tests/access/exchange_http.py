"""The 1C exchange endpoint (/exchange/1c/): HTTP Basic of the dedicated exchange account only.

The protocol answers HTTP 200 with a first line ``failure`` to anyone else — anonymous users
and every portal role alike, since a portal login is not an exchange session — which the
matrix cannot express as 403; hence ``public`` with every role "allowed" to receive that
answer. The real refusals (wrong password, portal roles, no session, forged cookie) are tested
in portal/exchange/tests/test_http_auth.py.
"""

from tests.access.matrix import LOGGED_IN, Entry

FACTORY_ADMIN = frozenset({"factory_admin"})

NOTE = "1C protocol: 200 + «failure» without the exchange account; see test_http_auth.py"

ENTRIES = [
    Entry("exchange_1c:endpoint", LOGGED_IN, public=True, note=NOTE),
    Entry("exchange_1c:endpoint", LOGGED_IN, method="POST", public=True, note=NOTE),
    Entry("exchange:sessions", FACTORY_ADMIN, note="the exchange log"),
]

from rest_framework.throttling import ScopedRateThrottle

from portal.core.http import client_ip


class ScopedClientThrottle(ScopedRateThrottle):
    """DRF's scoped throttle keyed by our ``client_ip``.

    DRF's own ident trusts any ``X-Forwarded-For`` a client sends, so a caller could dodge
    the limit by inventing addresses; ``client_ip`` trusts it only behind our proxy.
    """

    def get_ident(self, request):
        return client_ip(request) or ""

from django.conf import settings


def client_ip(request) -> str | None:
    """The caller's address; X-Forwarded-For is trusted only behind our own proxy, and only
    its last entry: the one our proxy appended (earlier entries are whatever the client sent)."""
    if request is None:
        return None
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None

"""One error format for the whole API.

- ``DomainError`` (a business refusal) → 400 ``{"detail": message, "field": field}``; with
  ``code="conflict"`` (someone changed the object meanwhile) → 409, same body;
- ``portal.core.errors.PermissionDenied`` → 403 ``{"detail": message}``;
- ``Http404`` (missing *or* not visible) → 404 ``{"detail": "Не найдено."}``, never the
  model name Django puts into the exception;
- everything else as DRF answers it (validation errors keep their field names);
- a path under ``/api/`` that matches no URL (``/api/v1/orders/abc/``) → the same 404 JSON
  (``page_not_found``, the project's ``handler404``).
"""

from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from portal.core.errors import DomainError, PermissionDenied

NOT_FOUND = "Не найдено."


def exception_handler(exc, context):
    if isinstance(exc, PermissionDenied):
        set_rollback()
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DomainError):
        set_rollback()
        code = status.HTTP_409_CONFLICT if exc.code == "conflict" else status.HTTP_400_BAD_REQUEST
        return Response({"detail": exc.message, "field": exc.field}, status=code)
    if isinstance(exc, Http404):
        exc = NotFound(NOT_FOUND)
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """Django's 404 (no URL matched): JSON under ``/api/``, the portal's page elsewhere.

    An API client that sends a malformed id (``/api/v1/orders/abc/``) gets the same
    ``{"detail": …}`` body as for a missing object, not an HTML page.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)

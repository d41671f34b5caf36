"""Errors that services raise and every interface turns into a message for a person."""


class DomainError(Exception):
    """A business rule refused the action. ``message`` is shown to the user as is (Russian).

    ``field`` names the form field or input column at fault, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(DomainError):
    """The actor may see the object but not do this to it (HTTP 403)."""

    def __init__(self, message: str = "Недостаточно прав для этого действия."):
        super().__init__(message, code="forbidden")

"""What every form of the interface shares: a service's refusal lands next to its field."""

from django import forms

from portal.core.errors import DomainError, PermissionDenied


class DomainErrorsMixin:
    """``form.add_domain_error(error)`` puts a ``DomainError`` on the field it names.

    A PermissionDenied is not a form error: it is raised again and becomes the 403 page.
    ``field_aliases`` maps a service's field name to this form's (``password`` → ``password1``).
    """

    field_aliases: dict[str, str] = {}

    def add_domain_error(self, error: DomainError) -> None:
        if isinstance(error, PermissionDenied):
            raise error
        field = self.field_aliases.get(error.field, error.field)
        self.add_error(field if field in self.fields else None, error.message)

    def attempt(self, service, /, **kwargs):
        """Call a service; on a business refusal keep the message on the form and return None."""
        try:
            return service(**kwargs)
        except DomainError as error:
            self.add_domain_error(error)
            return None


class PortalForm(DomainErrorsMixin, forms.Form):
    pass

"""The factory's legal name for document headers."""

from portal.organisations.models import LegalEntity, OrganisationKind


def supplier_name() -> str:
    supplier = (
        LegalEntity.objects.filter(organisation__kind=OrganisationKind.FACTORY, is_active=True)
        .order_by("pk")
        .first()
    )
    return supplier.name if supplier else "завод"

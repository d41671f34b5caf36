"""May this actor import the catalog?"""

from portal.organisations.actor import Actor


def can_import_catalog(actor: Actor | None) -> bool:
    return actor is not None and actor.is_factory and actor.is_admin

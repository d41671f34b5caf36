"""May this actor do it? Decisions of the configurator (any logged-in role may configure)."""

from portal.organisations.actor import Actor


def can_edit_product_models(actor: Actor) -> bool:
    """Product models, prices of options and rules are the factory admin's."""
    return actor.is_factory and actor.is_admin

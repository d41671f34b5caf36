"""Background jobs of pricing."""

from django_tasks import task

from portal.accounts.models import User
from portal.organisations.actor import actor_for_user

from .price_list_files import RENDERERS, price_list_store


@task()
def price_list_build_task(*, user_id: int, fmt: str, name: str) -> None:
    """Build the price list of the user's company (with that user's view of prices)."""
    user = User.objects.select_related("organisation__parent").filter(pk=user_id).first()
    actor = actor_for_user(user) if user is not None else None
    if actor is None or fmt not in RENDERERS:
        return  # blocked or gone meanwhile: nothing to build for
    price_list_store(actor, fmt, name)

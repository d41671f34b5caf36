"""The configurator: any logged-in role configures; snapshots are the owner's (and the
factory's); only the factory admin edits product models."""

from decimal import Decimal

from portal.catalog.configurator.models import ConfigurationSnapshot, ProductModel
from portal.demo import configurator as demo
from tests.access.matrix import DEALER_A, FACTORY, LOGGED_IN, Entry
from tests.access.owners import PERSON, anybody, kind, on_object, own_company

FACTORY_ADMIN = frozenset({"factory_admin"})


def window(world) -> dict:
    demo.build()
    return {"code": "pvc-window"}


def snapshot_of_dealer_a(world) -> dict:
    return snapshot_of(world, "dealer_a")


def snapshot_of(world, owner: str) -> dict:
    demo.build()
    saved = ConfigurationSnapshot.objects.create(
        organisation=world.orgs[owner],
        author=world.users[PERSON[owner]],
        product_model=ProductModel.objects.get(code="pvc-window"),
        choices={"width": "1300"},
        svg="<svg/>",
        list_price={"lines": [{"label": "Базовая цена", "amount": "100.00"}], "total": "100.00"},
        vat_rate=Decimal(20),
        amount=Decimal("100.00"),
        vat_amount=Decimal("16.67"),
    )
    return {"pk": saved.pk}


def sees_snapshot(role: str, owner: str) -> bool:
    """ConfigurationSnapshot.visible_to: the owner company's and the factory's."""
    return kind(role) == "factory" or own_company(role, owner)


ENTRIES = [
    Entry("configurator:list", allow=LOGGED_IN),
    Entry("configurator:snapshots", allow=LOGGED_IN),
    Entry("configurator:detail", allow=LOGGED_IN, args=window),
    Entry(
        "configurator:detail",
        allow=LOGGED_IN,
        args=window,
        method="POST",
        data=lambda world: {"width": "1500", "sash_count": "3"},
        ok=(200,),
        note="recalculates; saving is tested in the configurator's own tests",
    ),
    Entry(
        "configurator:snapshot",
        allow=DEALER_A | FACTORY,
        args=snapshot_of_dealer_a,
        hidden=LOGGED_IN - DEALER_A - FACTORY,
        owned=snapshot_of,
        rule=on_object(sees_snapshot, anybody),
    ),
    Entry("configurator:edit", allow=FACTORY_ADMIN, args=window),
    Entry(
        "configurator:edit",
        allow=FACTORY_ADMIN,
        args=window,
        method="POST",
        data=lambda world: {"model-base_price": "1"},
        ok=(400,),
        note="an incomplete form: refused for others before it is even read",
    ),
]

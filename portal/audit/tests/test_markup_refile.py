"""Migration 0002 moves old sub-dealer mark-up audit rows to the dealer that set them."""

import importlib

from django.apps import apps

from portal.audit.models import AuditEvent

refile = importlib.import_module(
    "portal.audit.migrations.0002_markup_events_belong_to_the_dealer"
).refile


def test_old_markup_rows_move_to_the_dealer_and_keep_other_rows(world):
    misfiled = AuditEvent.objects.create(
        action="pricing_markup_set",
        organisation=world.sub_a1,
        actor_organisation=world.dealer_a,
        changes={"percent": ["10", "11.37"]},
    )
    own = AuditEvent.objects.create(
        action="pricing_fixed_price_set", organisation=world.sub_a1, changes={}
    )
    refile(apps, None)
    misfiled.refresh_from_db()
    own.refresh_from_db()
    assert misfiled.organisation == world.dealer_a
    assert misfiled.changes == {"percent": ["10", "11.37"], "subdealer": world.sub_a1.name}
    assert own.organisation == world.sub_a1
    assert (
        not AuditEvent.objects.visible_to(world.actor("sub_a1_admin"))
        .filter(action="pricing_markup_set")
        .exists()
    )

"""Audit rows of a sub-dealer's mark-up were filed under the sub-dealer, whose audit page then
showed the mark-up (and with it the dealer's purchase price). They belong to the dealer that set
it, as new rows already do."""

from django.db import migrations


def refile(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Organisation = apps.get_model("organisations", "Organisation")
    events = AuditEvent.objects.filter(
        action="pricing_markup_set", organisation__kind="subdealer"
    ).select_related("organisation")
    for event in events:
        sub = event.organisation
        changes = dict(event.changes or {})
        changes.setdefault("subdealer", sub.name)
        event.organisation = Organisation.objects.get(pk=sub.parent_id)
        event.changes = changes
        event.save(update_fields=["organisation", "changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(refile, migrations.RunPython.noop, elidable=False)]

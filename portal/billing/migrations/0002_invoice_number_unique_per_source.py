# Invoice numbers are unique per supplier, year and source: 1C numbers its own invoices, the
# portal its own, so a portal invoice never blocks a 1C document that has the same number.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="invoice",
            name="invoice_number_unique_per_year",
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.UniqueConstraint(
                fields=("supplier", "year", "source", "number"),
                name="invoice_number_unique_per_source_and_year",
            ),
        ),
    ]

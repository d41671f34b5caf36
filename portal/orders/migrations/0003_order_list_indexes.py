"""Indexes of the order list: keyset pages per side (buyer/seller) and sort key, and, on
PostgreSQL only, trigram indexes for searching by a fragment of the portal or 1C number
(``UPPER(col::text) LIKE UPPER('%…%')`` is the SQL of ``icontains``) and extended statistics
of who buys and sells. Nothing extra on SQLite.
"""

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models

TRIGRAM = {
    "orders_order_number_trgm": "number",
    "orders_order_factory_number_trgm": "factory_number",
}


# Who buys and who sells are correlated with the status (a seller never sees drafts): with
# these statistics the planner estimates the list's "buyer = X OR (seller = X AND status <>
# 'draft')" well, chooses the index-ordered scan of one side, and its estimate is the count
# the list shows for long lists.
STATISTICS = "orders_order_parties"


def create_postgresql_extras(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv) "
        "ON buyer_id, seller_id, status FROM orders_order"
    )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON orders_order "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_postgresql_extras(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_savedorderview"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(
                models.F("buyer"),
                django.db.models.functions.comparison.Coalesce(
                    models.F("submitted_at"), models.F("created_at")
                ),
                models.F("id"),
                name="order_list_buyer_date",
            ),
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(
                models.F("seller"),
                django.db.models.functions.comparison.Coalesce(
                    models.F("submitted_at"), models.F("created_at")
                ),
                models.F("id"),
                name="order_list_seller_date",
            ),
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(
                models.F("buyer"),
                django.db.models.functions.comparison.Coalesce(
                    models.F("number"), models.Value("")
                ),
                models.F("id"),
                name="order_list_buyer_number",
            ),
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(
                models.F("seller"),
                django.db.models.functions.comparison.Coalesce(
                    models.F("number"), models.Value("")
                ),
                models.F("id"),
                name="order_list_seller_number",
            ),
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["buyer", "total", "id"], name="order_list_buyer_total"),
        ),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["seller", "total", "id"], name="order_list_seller_total"),
        ),
        migrations.RunPython(create_postgresql_extras, drop_postgresql_extras, elidable=False),
    ]

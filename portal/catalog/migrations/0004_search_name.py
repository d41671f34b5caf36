"""``Product.search_name`` = UPPER(name), stored; on PostgreSQL the name's trigram index moves
from the expression ``UPPER(name)`` to this column, so a match is rechecked with a plain LIKE
(upper-casing 30,000 Cyrillic names was most of a broad search)."""

import django.db.models.functions.text
from django.db import migrations, models

NEW_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_product_search_name_trgm "
    "ON catalog_product USING gin (search_name gin_trgm_ops)"
)
OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_product_name_trgm "
    "ON catalog_product USING gin (UPPER(name) gin_trgm_ops)"
)


def move_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(NEW_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS catalog_product_name_trgm")
    schema_editor.execute("ANALYZE catalog_product")


def move_index_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(OLD_INDEX)
    schema_editor.execute("DROP INDEX IF EXISTS catalog_product_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_list_page_indexes")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="search_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper("name"),
                output_field=models.CharField(max_length=500),
            ),
        ),
        migrations.RunPython(move_index, move_index_back, elidable=False),
    ]

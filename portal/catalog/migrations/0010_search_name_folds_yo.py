"""``Product.search_name`` folds «Ё» into «Е» (``REPLACE(UPPER(name), 'Ё', 'Е')``), as the search
folds the words it is given: «трехстворчатое» finds «Окно ПВХ трёхстворчатое».

A stored generated column can't change its expression in place: it is dropped (with its trigram
index, on PostgreSQL) and added again, and the index is built anew."""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Replace, Upper

INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_product_search_name_trgm "
    "ON catalog_product USING gin (search_name gin_trgm_ops)"
)


def build_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(INDEX)
    schema_editor.execute("ANALYZE catalog_product")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_whole_catalog_sort_indexes")]

    operations = [
        # Backwards, the old column comes back last and gets its index here.
        migrations.RunPython(migrations.RunPython.noop, build_index, elidable=False),
        migrations.RemoveField(model_name="product", name="search_name"),
        migrations.AddField(
            model_name="product",
            name="search_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=Replace(Upper("name"), Value("Ё"), Value("Е")),
                output_field=models.CharField(max_length=500),
            ),
        ),
        migrations.RunPython(build_index, migrations.RunPython.noop, elidable=False),
    ]

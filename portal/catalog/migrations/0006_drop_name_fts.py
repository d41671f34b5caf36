"""The name's full-text index goes: search finds word forms by the Russian stem on the
trigram index of ``search_name`` (``catalog.search``). One GIN index less to keep up and to
rebuild after a first import."""

from django.db import migrations

FTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_product_name_fts "
    "ON catalog_product USING gin (to_tsvector('russian'::regconfig, COALESCE(name, '')))"
)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_product_name_fts")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FTS_INDEX)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_product_list_price")]

    operations = [migrations.RunPython(drop, create, elidable=False)]

"""Search indexes for PostgreSQL (pg_trgm trigram + full-text); nothing on SQLite."""

from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS catalog_product_name_trgm "
    "ON catalog_product USING gin (UPPER(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_article_trgm "
    "ON catalog_product USING gin (UPPER(article) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_name_fts "
    "ON catalog_product USING gin (to_tsvector('russian'::regconfig, COALESCE(name, '')))",
]
NAMES = ["catalog_product_name_trgm", "catalog_product_article_trgm", "catalog_product_name_fts"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

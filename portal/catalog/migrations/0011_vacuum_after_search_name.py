"""``VACUUM (ANALYZE)`` of the product table after ``0010`` rewrote it, on PostgreSQL.

A rewritten table has an empty visibility map, so every index-only scan of it (the group page's
cover index, the walks of ``page_walks``) reads the heap too until a vacuum sets it again: the
group page's p95 went from 23 to 26–37 ms at 100,000 products. Autovacuum would come only after
enough rows change. VACUUM can't run inside a transaction, hence a migration of its own outside
one."""

from django.db import migrations


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("VACUUM (ANALYZE) catalog_product")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("catalog", "0010_search_name_folds_yo")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=True)]

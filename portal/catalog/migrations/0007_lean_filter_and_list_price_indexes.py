"""Leaner indexes for the catalog page and the import: a filter value's products come from
the (property, choice, product) index alone; the list price and the property value lose the
foreign-key indexes that wider ones already lead with (one build less each after a first import)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_drop_name_fts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="productpropertyvalue",
            name="catalog_pro_propert_a8e887_idx",
        ),
        migrations.AlterField(
            model_name="productlistprice",
            name="price_type",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.pricetype",
            ),
        ),
        migrations.AlterField(
            model_name="productlistprice",
            name="product",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="list_prices",
                to="catalog.product",
            ),
        ),
        migrations.AlterField(
            model_name="productpropertyvalue",
            name="property",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.property",
            ),
        ),
        migrations.AddIndex(
            model_name="productpropertyvalue",
            index=models.Index(
                fields=["property", "choice", "product"], name="catalog_pro_propert_436f8d_idx"
            ),
        ),
    ]

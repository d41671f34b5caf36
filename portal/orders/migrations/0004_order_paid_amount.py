"""The paid part of each order, stored (billing keeps it current) so the list filters by
payment state without a subquery per row; existing orders get it from their invoices."""

from decimal import Decimal

from django.db import migrations, models

FILL = """
UPDATE orders_order SET paid_amount = paid.amount
FROM (
    SELECT link.order_id, SUM(link.paid_amount) AS amount
    FROM billing_invoiceorder link
    JOIN billing_invoice invoice ON invoice.id = link.invoice_id
    WHERE invoice.status <> 'cancelled'
    GROUP BY link.order_id
) AS paid
WHERE paid.order_id = orders_order.id AND paid.amount <> 0
"""


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_order_list_indexes"),
        ("billing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="paid_amount",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                help_text="Оплаты по неотменённым счетам заказа. Считает биллинг при каждом "
                "изменении разнесения; хранится, чтобы списки фильтровали по состоянию оплаты "
                "без подзапросов.",
                max_digits=16,
                verbose_name="оплачено",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
    ]

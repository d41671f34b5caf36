"""Overdue reminders: one per invoice per week, however often the job runs."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone, translation

from portal.billing.models import Invoice, OverdueReminder
from portal.billing.reminders import period_of, send_overdue_reminders
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.tasks import overdue_reminders_task

from .builders import order


def overdue_invoice(world, buyer="dealer_a"):
    invoice = invoice_issue_for_order(
        actor=world.actor("accountant"), order_id=order(world, buyer=buyer).pk
    )
    past = timezone.localdate() - timedelta(days=30)
    Invoice.objects.filter(pk=invoice.pk).update(date=past, due_date=past + timedelta(days=10))
    return invoice


def test_one_reminder_per_invoice_per_period(world, mailoutbox, django_capture_on_commit_callbacks):
    invoice = overdue_invoice(world)
    invoice_issue_for_order(actor=world.actor("accountant"), order_id=order(world).pk)  # not due

    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_reminders() == 1
        assert send_overdue_reminders() == 0  # the job ran twice
        overdue_reminders_task.enqueue()
        call_command("send_overdue_reminders")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dealer_a_accountant@example.test"]
    assert invoice.number in mailoutbox[0].subject
    assert "Осталось оплатить: 20\u202f000,00 ₽" in mailoutbox[0].body
    assert list(OverdueReminder.objects.values_list("invoice_id", "period")) == [
        (invoice.pk, period_of(timezone.localdate()))
    ]


def test_next_week_reminds_again(world, django_capture_on_commit_callbacks):
    overdue_invoice(world)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_reminders(on=today) == 1
        assert send_overdue_reminders(on=today + timedelta(days=7)) == 1
    assert OverdueReminder.objects.count() == 2


def test_paid_invoices_are_not_reminded(world):
    invoice = overdue_invoice(world)
    Invoice.objects.filter(pk=invoice.pk).update(status="paid", paid_amount=invoice.total)
    assert send_overdue_reminders() == 0


def test_the_reminder_is_russian_whatever_language_is_active(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    overdue_invoice(world)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_reminders() == 1
    assert "Осталось оплатить: 20\u202f000,00 ₽ из 20\u202f000,00 ₽" in mailoutbox[0].body

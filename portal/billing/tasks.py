"""Background jobs of billing (django-tasks). Enqueue them with ``transaction.on_commit``."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from portal.accounts.models import User
from portal.organisations.roles import Role

from .documents import invoice_filename, invoice_pdf
from .models import Invoice


def buyer_accountants(invoice: Invoice) -> list[str]:
    """The buyer's accountants; the company's own address when it has none."""
    organisation = invoice.buyer.organisation
    emails = list(
        User.objects.filter(organisation=organisation, role=Role.ACCOUNTANT, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if not emails and organisation.email:
        emails = [organisation.email]
    return emails


@task()
def invoice_email_task(*, invoice_id: int) -> int:
    """E-mail the invoice's PDF to the buyer's accountants. Returns the number sent."""
    invoice = Invoice.objects.select_related("buyer__organisation", "supplier").get(pk=invoice_id)
    recipients = buyer_accountants(invoice)
    if not recipients:
        return 0
    context = {"invoice": invoice}
    # Russian e-mails, whatever language the accountant who issued the invoice reads.
    with translation.override("ru"):
        subject = render_to_string("billing/emails/invoice_subject.txt", context)
        body = render_to_string("billing/emails/invoice.txt", context)
        html = render_to_string("billing/emails/invoice.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=recipients)
    message.attach_alternative(html, "text/html")
    message.attach(invoice_filename(invoice), invoice_pdf(invoice), "application/pdf")
    return message.send()


@task()
def overdue_reminders_task() -> int:
    """The daily job: remind buyers of overdue invoices, once per invoice per period."""
    from .reminders import send_overdue_reminders

    return send_overdue_reminders()

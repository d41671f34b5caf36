from .credit import CreditLimit, CreditMode, OverdueReminder
from .invoices import (
    Invoice,
    InvoiceLine,
    InvoiceNumberCounter,
    InvoiceOrder,
    InvoiceSource,
    InvoiceStatus,
)
from .ledger import LedgerEntry, LedgerKind
from .payments import Allocation, Payment, PaymentSource, PaymentStatus

__all__ = [
    "Allocation",
    "CreditLimit",
    "CreditMode",
    "Invoice",
    "InvoiceLine",
    "InvoiceNumberCounter",
    "InvoiceOrder",
    "InvoiceSource",
    "InvoiceStatus",
    "LedgerEntry",
    "LedgerKind",
    "OverdueReminder",
    "Payment",
    "PaymentSource",
    "PaymentStatus",
]

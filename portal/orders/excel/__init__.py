"""Orders from the dealers' Excel order forms: the downloadable template, and the two-step
import of a filled form (ours or the dealer's own layout, .xlsx or .xls).

For the web and API layers::

    from portal.orders.excel import (
        order_template_xlsx, excel_import_preview, excel_import_accept, TEMPLATE_FILE_NAME,
    )

    # GET …/orders/excel/template → the blank form
    HttpResponse(order_template_xlsx(), content_type=XLSX_CONTENT_TYPE) with
    Content-Disposition: attachment; filename=TEMPLATE_FILE_NAME

    # POST the upload → the preview page (nothing is stored in the database)
    preview = excel_import_preview(actor=request.actor, file_name=f.name, data=f.read())
    preview.lines    # rows to order: .row, .item (name, article, unit, unit_price, …),
                     # .quantity, .line_total, .vat_amount, .note
    preview.refused  # rows refused: .row (Excel's number), .text, .reason (Russian)
    preview.total, preview.vat_total, preview.can_accept
    preview.token    # put it in a hidden field of the «Создать заказ» form

    # POST the token → a draft order of the valid rows (safe to repeat)
    accepted = excel_import_accept(actor=request.actor, preview_token_or_data=token,
                                   legal_entity_id=…, kind=…)  # any order_create details
    redirect to accepted.order (accepted.created is False when it was accepted before)

Both raise ``DomainError`` with a Russian message for a file that can't be taken as a whole
(not Excel, damaged, protected by a password, too large, no header row, no valid rows) and
``PermissionDenied`` for people who don't place orders. Check the upload's size in the view
against ``MAX_FILE_BYTES`` before reading it into memory.
"""

from .accept import Accepted, excel_import_accept
from .preview import Preview, excel_import_preview
from .safety import MAX_DATA_ROWS, MAX_FILE_BYTES
from .template import order_template_xlsx

TEMPLATE_FILE_NAME = "zakaz-blank.xlsx"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = [
    "MAX_DATA_ROWS",
    "MAX_FILE_BYTES",
    "TEMPLATE_FILE_NAME",
    "XLSX_CONTENT_TYPE",
    "Accepted",
    "Preview",
    "excel_import_accept",
    "excel_import_preview",
    "order_template_xlsx",
]

"""What 1C reads back: plain-text lines, or an XML document, always HTTP 200.

Line 1 is exactly ``success``, ``progress`` or ``failure`` (ASCII, no BOM); later lines are
shown in 1C's exchange log, so they are Russian, encoded in windows-1251 like everything a
Bitrix site answers (COMMERCEML.md §1.2, §1.8).
"""

from __future__ import annotations

from django.http import HttpResponse

CHARSET = "windows-1251"
TEXT = f"text/plain; charset={CHARSET}"
XML = f"application/xml; charset={CHARSET}"


def lines(*rows: str, status: str = "", message: str = "") -> HttpResponse:
    """Any answer of ``\\n``-ended lines; ``status``/``message`` are what the exchange log keeps."""
    body = "".join(f"{row}\n" for row in rows)
    response = HttpResponse(body.encode(CHARSET, errors="replace"), content_type=TEXT)
    response.log_status = status or (rows[0] if rows else "")
    response.log_message = message or "\n".join(rows[1:])
    return response


def success(*rows: str) -> HttpResponse:
    return lines("success", *rows)


def progress(*rows: str) -> HttpResponse:
    return lines("progress", *rows)


def failure(*rows: str) -> HttpResponse:
    return lines("failure", *rows)


def xml(document: bytes, *, message: str) -> HttpResponse:
    """An XML document already serialised in windows-1251 with the matching declaration."""
    response = HttpResponse(document, content_type=XML)
    response["Content-Length"] = str(len(document))
    response.log_status = "xml"
    response.log_message = message
    return response

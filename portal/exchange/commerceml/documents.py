"""Order documents (``Документ``) of a 1C file, read once for everyone who needs them.

The sale exchange applies 1C's numbers and statuses from them, billing takes the payments they
carry. Only top-level documents are yielded; subordinate ones (payments, shipments inside an
order in CML 3.1) are read with their owner. Elements are matched by local name, so every
schema version and namespace reads the same; the parser is the hardened one (no DTD, no
entities, no network).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .safety import ImportRefused, check_xml_prolog, parse_error, secure_iterparse

# 1C sends the orders changed since the last exchange: hundreds, not a million. A larger file
# would hold the exchange for minutes (each document is looked up), so it is refused.
MAX_DOCUMENTS = 10_000


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(element, name: str) -> str:
    child = next((c for c in element if _local(c.tag) == name), None)
    return (child.text or "").strip() if child is not None else ""


@dataclass(frozen=True)
class OrderDocument:
    external_id: str  # «Ид»
    number: str  # «Номер»: the portal's order number when the order was born in the portal
    number_1c: str  # «Номер1С»
    date: str  # «Дата»
    date_1c: str  # «Дата1С»
    amount: str  # «Сумма», as written
    data_version: str  # «НомерВерсии»
    deleted: bool  # «ПометкаУдаления»
    requisites: dict[str, str]  # «ЗначенияРеквизитов»: name → value
    line: int

    def requisite(self, name: str) -> str:
        return self.requisites.get(name, "")

    @property
    def where(self) -> str:
        return f"Документ «{self.number or self.external_id}» (строка {self.line})"


def read_order_documents(path: Path, name: str) -> Iterator[OrderDocument]:
    check_xml_prolog(path, name)
    with path.open("rb") as stream:
        count = 0
        try:
            for _, element in secure_iterparse(stream, events=("end",), tag="{*}Документ"):
                parent = element.getparent()
                if parent is not None and _local(parent.tag) == "Документ":
                    continue  # a subordinate payment or shipment, read with its owner
                count += 1
                if count > MAX_DOCUMENTS:
                    raise ImportRefused(
                        f"Файл «{name}»: в нём больше {MAX_DOCUMENTS:,} документов — разбейте "
                        "выгрузку на несколько файлов.".replace(",", " "),
                        file=name,
                    )
                requisites = {}
                for block in element:
                    if _local(block.tag) == "ЗначенияРеквизитов":
                        for item in block:
                            requisites[_text(item, "Наименование")] = _text(item, "Значение")
                yield OrderDocument(
                    external_id=_text(element, "Ид"),
                    number=_text(element, "Номер"),
                    number_1c=_text(element, "Номер1С"),
                    date=_text(element, "Дата"),
                    date_1c=_text(element, "Дата1С"),
                    amount=_text(element, "Сумма"),
                    data_version=_text(element, "НомерВерсии"),
                    deleted=_text(element, "ПометкаУдаления").lower() == "true",
                    requisites=requisites,
                    line=element.sourceline or 0,
                )
                element.clear(keep_tail=True)
        except etree.XMLSyntaxError as error:
            raise parse_error(error, name) from None

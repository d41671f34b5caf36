"""The load test's people: dealers, sub-dealers and factory managers clicking through the portal.

Started by ``bench/load/run.py`` (headless, against gunicorn on 127.0.0.1 only), which passes
the plan (``plan.py``: sessions and ids) in BENCH_LOAD_PLAN and reads the per-group response
times this file writes to BENCH_LOAD_RESULT when the test ends.

Every request is named ``<group>: <what>``; groups are judged apart: ``page`` (HTML pages and
htmx fragments, p95 < 200 ms), ``submit`` (turning the cart into a submitted order,
p95 < 500 ms), ``file`` (invoice PDF, price list: reported, no target of their own).
Stages: BENCH_LOAD_USERS1 users for BENCH_LOAD_SECONDS1 s, then BENCH_LOAD_USERS2 for
BENCH_LOAD_SECONDS2 s (the issue's 50 × 10 min, 100 × 5 min by default); then it stops.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlparse

from locust import HttpUser, LoadTestShape, between, events, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
WAIT = [float(x) for x in os.getenv("BENCH_LOAD_WAIT", "2,8").split(",")]
STAGES = [
    (int(os.getenv("BENCH_LOAD_USERS1", "50")), int(os.getenv("BENCH_LOAD_SECONDS1", "600"))),
    (int(os.getenv("BENCH_LOAD_USERS2", "100")), int(os.getenv("BENCH_LOAD_SECONDS2", "300"))),
]
SPAWN_RATE = float(os.getenv("BENCH_LOAD_SPAWN_RATE", "5"))
PRICE_LIST_SHARE = float(os.getenv("BENCH_LOAD_PRICE_LIST_SHARE", "0.05"))
ORDER_FILTERS = [
    "",
    "?status=on_moderation",
    "?kind=complaint",
    "?q=123",
    "?date_from=2024-03-01&date_to=2024-03-31",
    "?sort=total",
]
VERSION = re.compile(r'name="version" value="(\d+)"')
HTMX = {"HX-Request": "true"}

_people = {role: itertools.cycle(PLAN[role]) for role in ("dealers", "subdealers")}
_managers = itertools.cycle(PLAN["managers"])
_queues = {m["email"]: iter(m["queue"]) for m in PLAN["managers"]}
_times: dict[str, list[float]] = {}
_failures: dict[str, int] = {}


@events.request.add_listener
def _record(name, response_time, exception, **_):
    _times.setdefault(name, []).append(response_time)
    if exception is not None:
        _failures[name] = _failures.get(name, 0) + 1


@events.quitting.add_listener
def _write(environment, **_):
    path = os.getenv("BENCH_LOAD_RESULT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"times": _times, "failures": _failures}, out)


class Stages(LoadTestShape):
    """The issue's two stages, then stop."""

    def tick(self):
        elapsed = self.get_run_time()
        end = 0
        for users, seconds in STAGES:
            end += seconds
            if elapsed < end:
                return users, SPAWN_RATE
        return None


class Person(HttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def sign_in(self, person: dict) -> None:
        self.person = person
        host = urlparse(self.host).hostname
        for name, value in person["cookies"].items():
            self.client.cookies.set(name, value, domain=host)
        self.csrf = person["cookies"]["csrftoken"]

    def get(self, url: str, name: str, *, expect: int = 200, headers: dict | None = None):
        with self.client.get(
            url, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} вместо {expect}")
            return response

    def post(self, url: str, data: dict, name: str, *, expect: int = 302, htmx: bool = False):
        headers = {"X-CSRFToken": self.csrf, "Referer": self.host + url}
        if htmx:
            headers |= HTMX
        with self.client.post(
            url, data=data, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} вместо {expect}: {response.text[:200]}")
            return response


class Buyer(Person):
    """What dealers and sub-dealers both do."""

    abstract = True

    @task(6)
    def catalog(self):
        if random.random() < 0.5:
            query = random.choice(PLAN["searches"])
            self.get(f"/catalog/?q={query}", "page: каталог, поиск")
        else:
            self.get(f"/catalog/?group={random.choice(PLAN['groups'])}", "page: каталог, группа")
        self.get(f"/catalog/products/{random.choice(PLAN['products'])}/", "page: товар")

    @task(3)
    def configurator(self):
        model = random.choice(PLAN["models"])
        url = f"/configurator/{model['code']}/"
        self.get(url, "page: конфигуратор")
        for _ in range(3):  # the person changes sizes; htmx asks for the price each time
            values = {
                code: random.randrange(low, high + 1, step) if step else low
                for code, low, high, step in model["numeric"]
            }
            query = "&".join(f"{k}={v}" for k, v in values.items())
            self.get(f"{url}?{query}", "page: конфигуратор, цена", headers=HTMX)

    @task(5)
    def order_list(self):
        self.get(f"/orders/{random.choice(ORDER_FILTERS)}", "page: заказы, список с фильтром")

    @task(4)
    def order_detail(self):
        if self.person["orders"]:
            self.get(f"/orders/{random.choice(self.person['orders'])}/", "page: заказ")

    @task(2)
    def order_submit(self):
        for offer in random.sample(PLAN["offers"], 2):
            data = {"offer": offer, "quantity": random.randint(1, 4)}
            self.post("/cart/add/", data, "page: в корзину", expect=200, htmx=True)
        self.get("/cart/", "page: корзина")
        data = {"kind": "standard", "action": "submit", "legal_entity": self.person["legal_entity"]}
        response = self.post("/cart/order/", data, "submit: заказ из корзины на модерацию")
        location = response.headers.get("Location", "")
        if re.fullmatch(r"/orders/\d+/", location):
            self.person["orders"].append(int(location.split("/")[2]))
            self.get(location, "page: заказ")


class Dealer(Buyer):
    weight = 5

    def on_start(self):
        self.sign_in(next(_people["dealers"]))

    @task(1)
    def moderation(self):
        self.get("/orders/moderation/", "page: модерация, очередь дилера")

    @task(1)
    def invoice_pdf(self):
        if self.person["invoices"]:
            invoice = random.choice(self.person["invoices"])
            self.get(f"/billing/invoices/{invoice}/pdf/", "file: счёт PDF")

    @task(1)
    def invoices(self):
        self.get("/billing/", "page: счета")

    @task(1)
    def price_list(self):
        """The whole catalog as xlsx: a rare download (one visit in twenty of this task)."""
        if random.random() < PRICE_LIST_SHARE:
            self.get("/catalog/price-list.xlsx", "file: прайс-лист xlsx")


class Subdealer(Buyer):
    weight = 3

    def on_start(self):
        self.sign_in(next(_people["subdealers"]))


class Manager(Person):
    """A factory manager: the moderation queue, an order from it, confirmed."""

    weight = 2

    def on_start(self):
        self.sign_in(next(_managers))
        self.person.setdefault("orders", [])
        self.queue = _queues[self.person["email"]]

    @task(2)
    def moderation_queue(self):
        self.get("/orders/moderation/", "page: модерация, очередь завода")

    @task(3)
    def moderate(self):
        order = next(self.queue, None)
        if order is None:
            return
        page = self.get(f"/orders/{order}/", "page: заказ на модерации")
        version = VERSION.search(page.text or "")
        if version is None:
            return  # already moderated by someone else: nothing to confirm
        time.sleep(random.uniform(*WAIT))  # reading the order
        data = {"version": version.group(1)}
        self.post(f"/orders/{order}/confirm/", data, "page: подтверждение заказа")

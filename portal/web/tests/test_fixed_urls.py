"""Addresses reversed once per process are the addresses ``reverse`` gives, under any script
prefix."""

from django.urls import reverse, set_script_prefix

from portal.web.fixed_urls import fixed_url, url_pattern, with_id


def test_the_same_addresses_as_reverse():
    assert fixed_url("catalog:list") == reverse("catalog:list")
    assert with_id(url_pattern("orders:detail"), 42) == reverse("orders:detail", args=[42])


def test_a_script_prefix_is_kept_apart():
    plain = fixed_url("catalog:list")
    set_script_prefix("/portal/")
    try:
        assert fixed_url("catalog:list") == "/portal" + plain
        assert with_id(url_pattern("catalog:product"), 7) == reverse("catalog:product", args=[7])
    finally:
        set_script_prefix("/")
    assert fixed_url("catalog:list") == plain

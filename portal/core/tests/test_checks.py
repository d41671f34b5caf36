"""The deploy check asks for a cache shared by every web process."""

from django.core import checks

from portal.core.checks import shared_cache


def test_a_cache_of_each_process_own_is_a_deploy_warning(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    [warning] = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])
    assert warning.id == "portal.W001" and "REDIS_URL" in warning.hint


def test_redis_passes(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert shared_cache(None) == []


def test_only_a_deploy_check():
    assert not [
        message
        for message in checks.run_checks(tags=[checks.Tags.caches])
        if message.id == "portal.W001"
    ]

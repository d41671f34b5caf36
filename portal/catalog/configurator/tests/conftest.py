import pytest

from portal.demo import configurator as demo


@pytest.fixture
def demo_models(db):
    """The four demo product models, by code."""
    return {model.code: model for model in demo.build()}

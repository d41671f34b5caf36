"""The configurator API: every logged-in role may list the models and price a configuration
for its own company."""

from portal.demo import configurator as demo
from tests.access.matrix import LOGGED_IN, Entry


def window(world) -> dict:
    demo.build()
    return {"code": "pvc-window"}


ENTRIES = [
    Entry("api:configurator-models", allow=LOGGED_IN),
    Entry(
        "api:configurator-quote",
        allow=LOGGED_IN,
        args=window,
        method="POST",
        content_type="json",
        data=lambda world: {"choices": {"width": "1300", "height": "1400", "sash_count": "2"}},
        ok=(200,),
        note="pricing writes nothing",
    ),
]

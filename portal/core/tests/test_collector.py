import gc
import threading

import pytest

from portal.core.collector import SPACED_THRESHOLD, collections_spaced, collector_paused


@pytest.fixture(autouse=True)
def usual_collector():
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield thresholds
    gc.set_threshold(*thresholds)
    gc.enable() if enabled else gc.disable()


def test_collector_paused_resumes_only_what_it_paused():
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block did not resume it
    assert gc.isenabled()


def test_collections_spaced_restores_the_thresholds_after_an_error(usual_collector):
    with pytest.raises(ValueError), collections_spaced():
        assert gc.get_threshold() == (SPACED_THRESHOLD, *usual_collector[1:])
        raise ValueError
    assert gc.get_threshold() == usual_collector


def test_the_last_block_to_end_restores_the_thresholds(usual_collector):
    """Two imports overlapping in two threads: the first to end leaves the second's spacing."""
    inside, first_done = threading.Event(), threading.Event()
    seen_after_first = []

    def second_import():
        with collections_spaced():
            inside.set()
            first_done.wait(5)
            seen_after_first.append(gc.get_threshold()[0])

    with collections_spaced():
        thread = threading.Thread(target=second_import)
        thread.start()
        assert inside.wait(5)
    first_done.set()
    thread.join(5)
    assert seen_after_first == [SPACED_THRESHOLD]
    assert gc.get_threshold() == usual_collector

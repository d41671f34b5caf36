"""The database lane: a second thread that runs a first import's statements on the import's
own connection (so in its transaction) while the main thread goes on reading the files.

The database builds an index, checks a foreign key or inserts a batch sent as one statement
without holding Python's GIL, so the product tables' keys and indexes go back while the offers
are parsed (see ``Sql.put_back``), and on SQLite the batches' inserts run while the next batch
is parsed (see ``Sql.insert``). While the lane runs it owns the connection: any use of it
from another thread first waits until the lane has done all its queued work (``drain``),
through ``Sql.cursor`` and, for the ORM and raw cursors, an execute wrapper on the
connection. So nothing reads rows the lane has not written yet, whoever wrote the code that
reads.

An error in the lane stops it (the jobs after it are dropped) and is raised again, the same
exception, in the other thread at its next drain or submit, until ``close``; the import's
transaction then rolls back as for any error.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable

# Jobs waiting at most: a batch's rows wait in memory, and the main thread waits on a full
# queue. The jobs with no hurry go in one at a time when the lane has caught up (``submit``),
# so a few slots keep both threads busy.
DEPTH = 6


class Lane:
    def __init__(self, db):
        self.db = db  # the connection's DatabaseWrapper (not the per-thread proxy)
        self.jobs: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=DEPTH)
        self.spare: deque[Callable[[], None]] = deque()
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.stopping = False

    @property
    def running(self) -> bool:
        return self.thread is not None

    def start(self, spare: list[Callable[[], None]]) -> None:
        """Start the thread with ``spare``: jobs with no hurry, such as building an index."""
        if self.thread is not None:
            raise RuntimeError("the lane runs already")
        self.spare.extend(spare)
        self.db.inc_thread_sharing()
        self.db.execute_wrappers.append(self.guard)
        self.thread = threading.Thread(target=self.work, name="import-database-lane", daemon=True)
        self.thread.start()

    def add_spare(self, spare: list[Callable[[], None]]) -> None:
        """Give the running lane more jobs with no hurry."""
        self.spare.extend(spare)

    def submit(self, job: Callable[[], None]) -> None:
        """Queue ``job``: database writes whose results nobody reads before a drain. A spare
        job goes first if the lane has nothing else queued: a long one then keeps it busy
        while the queue fills, instead of the other thread waiting for room."""
        self.raise_error()
        if self.spare and self.jobs.empty():
            self.jobs.put(self.spare.popleft())
        self.jobs.put(job)  # waits while the queue is full

    def drain(self) -> None:
        """From any thread but the lane's: return once every queued job is done; raise the
        lane's error if it had one."""
        if self.thread is None or threading.get_ident() == self.thread.ident:
            return
        while self.spare:
            self.jobs.put(self.spare.popleft())
        self.jobs.join()
        self.raise_error()

    def close(self) -> None:
        """Stop the thread and wait for it, dropping the jobs not started yet (after an
        error: ``drain`` first to keep them)."""
        if self.thread is None:
            return
        self.stopping = True
        self.spare.clear()
        self.jobs.put(None)
        self.thread.join()
        self.thread = None
        self.db.execute_wrappers.remove(self.guard)
        self.db.dec_thread_sharing()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def guard(self, execute, sql, params, many, context):
        """Every statement run through the connection's cursors waits for the lane first."""
        self.drain()
        return execute(sql, params, many, context)

    def work(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                if self.error is None and not self.stopping:
                    job()
            except BaseException as error:  # raised again in the main thread
                self.error = error
            finally:
                self.jobs.task_done()
        self.jobs.task_done()

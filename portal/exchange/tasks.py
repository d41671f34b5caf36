"""Background jobs of the exchange; enqueued after commit."""

from django_tasks import task


@task()
def catalog_import_task(*, run_id: int) -> str:
    from .services import import_uploaded_run

    return import_uploaded_run(run_id).status

"""``/healthz``: a liveness probe for the load balancer and the benchmarks' framework floor.

Anonymous, no database query, no template: it answers as soon as the whole middleware stack
has run, so it tells that a worker is alive, not that the database is.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")

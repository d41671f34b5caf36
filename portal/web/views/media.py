"""Product pictures from 1C: the same for every company, so served to anyone.

Order files are not media: they go through their access-checked view. A reverse proxy may
serve ``MEDIA_ROOT/catalog`` directly instead of this view.
"""

from pathlib import Path

from django.conf import settings
from django.views.static import serve


def catalog_picture(request, path: str):
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "catalog")

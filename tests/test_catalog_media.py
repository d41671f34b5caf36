"""Product pictures are served; nothing outside the catalog's picture folder is."""

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "catalog" / "import_files").mkdir(parents=True)
    (tmp_path / "catalog" / "import_files" / "door.png").write_bytes(b"\x89PNG picture")
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "contract.pdf").write_bytes(b"%PDF secret")
    return tmp_path


def test_a_product_picture_is_served(client, media):
    response = client.get("/media/catalog/import_files/door.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG picture"


@pytest.mark.parametrize(
    "path", ["/media/orders/contract.pdf", "/media/catalog/../orders/contract.pdf"]
)
def test_order_files_are_not_served_as_media(client, media, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert b"secret" not in response.content

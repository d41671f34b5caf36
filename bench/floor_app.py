"""The floor's reference: a bare WSGI app (no Django) under the same gunicorn settings."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]

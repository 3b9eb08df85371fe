"""What every host serves beside its pages: the favicon and the API docs, with no CDN."""

import re

from django.conf import settings
from django.test import Client


def test_every_host_serves_a_favicon(client_a, district_client):
    for client in (client_a, district_client, Client(HTTP_HOST=settings.BASE_DOMAIN)):
        response = client.get("/favicon.ico")

        assert response.status_code == 200
        assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
        assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_the_favicon_and_the_script_that_focuses_the_error_summary(client_a):
    html = client_a.get("/layanan/").content.decode()

    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert '<script src="/static/balai.js" defer></script>' in html


def test_the_api_docs_load_redoc_from_our_own_static_files(client_a):
    response = client_a.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"]
    assert "https://" not in html and "//fonts." not in html
    assert '<redoc spec-url="/api/schema/"></redoc>' in html
    assert client_a.get(scripts[0]).status_code == 200

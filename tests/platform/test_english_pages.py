"""A visitor who chose English gets English, also on the pages that answer before a tenant is known."""

from django.conf import settings
from django.test import Client


def test_an_unknown_host_answers_in_the_visitors_language(db):
    english = Client(HTTP_HOST=f"tidak-ada.{settings.BASE_DOMAIN}", HTTP_ACCEPT_LANGUAGE="en")
    chosen = Client(HTTP_HOST=f"tidak-ada.{settings.BASE_DOMAIN}")
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    for client in (english, chosen):
        response = client.get("/")

        assert response.status_code == 404
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "<h1>This address is not known</h1>" in html


def test_an_unknown_host_answers_in_indonesian_by_default(db):
    response = Client(HTTP_HOST=f"tidak-ada.{settings.BASE_DOMAIN}").get("/")

    assert "<h1>Alamat ini tidak dikenal</h1>" in response.content.decode()

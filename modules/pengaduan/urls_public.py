"""Filled by the urls_public pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

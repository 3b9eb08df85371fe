"""Filled by the urls_staff pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

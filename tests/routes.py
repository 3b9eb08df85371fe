"""Every route of a URLconf, found by walking its resolver: the tests that must cover each route
(isolation, roles, the OpenAPI document) build their lists from here, so a new route is never
silently left out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", the key of the tests' tables
    route: str  # "layanan/<slug:slug>/"
    callback: Callable[..., Any]

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(match["name"] for match in _PARAMETER.finditer(self.route))

    def path(self, **kwargs: object) -> str:
        """The URL path with these values for the route's parameters."""
        missing = set(self.parameters) - set(kwargs)
        if missing:
            raise KeyError(f"{self.name}: no value for {sorted(missing)}")
        return "/" + _PARAMETER.sub(lambda match: str(kwargs[match["name"]]), self.route)

    @property
    def openapi_path(self) -> str:
        return "/" + _PARAMETER.sub(lambda match: "{" + match["name"] + "}", self.route)

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", getattr(self.callback, "cls", None))


def routes(urlconf: str) -> list[Route]:
    """The URLconf's named routes in resolution order; an unnamed route is an error (the tests'
    tables are keyed by name)."""
    found = list(_walk(get_resolver(urlconf).url_patterns, prefix="", namespace=""))
    unnamed = [route.route for route in found if route.name.endswith(":") or not route.name]
    if unnamed:
        raise AssertionError(f"{urlconf}: routes without a name: {unnamed}")
    return found


def _walk(patterns: list[Any], *, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix=prefix + str(entry.pattern), namespace=inner)
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}{entry.name or ''}",
                route=prefix + str(entry.pattern),
                callback=entry.callback,
            )

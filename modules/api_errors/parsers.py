"""The API's JSON parser, bounded like Django's forms.

Django refuses a form body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` when ``request.body`` or
``request.POST`` is read, but DRF's JSONParser reads the request as a stream and would parse a body of
any size. This one refuses it first, with Django's own ``RequestDataTooBig``, which the exception
handler answers with 413 in the API's error shape.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        return super().parse(stream, media_type, parser_context)

"""The two formats of GeoReport v2. JSON follows the spec's "Spark convention" (an element that holds
repeated children is an array); XML is schemaless, without a namespace, UTF-8 with its declaration.
Both are built from the same plain data, so they always carry the same fields."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")

# The element of each repeated child, by its container (the spec's XML names).
ITEM_OF = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
# Characters XML 1.0 cannot carry at all (a pasted control character must not break the document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for name, inner in value.items():
            _fill(ElementTree.SubElement(element, name), inner)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for inner in value:
            _fill(ElementTree.SubElement(element, ITEM_OF[element.tag]), inner)
    else:
        element.text = _text(value)


def xml_document(data: Any, *, root: str) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, data)
    # ElementTree writes no declaration for UTF-8; the spec asks for one.
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(element, encoding="utf-8")


def render(data: Any, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """`data` as the format asks; `root` is the XML root element ("services", "service_requests")."""
    if fmt == "xml":
        return HttpResponse(xml_document(data, root=root), content_type=XML_TYPE, status=status)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body.encode(), content_type=JSON_TYPE, status=status)


def errors(descriptions: Sequence[str], *, fmt: str, status: int) -> HttpResponse:
    """The spec's error body: [{"code": 403, "description": "..."}], <errors><error>… in XML."""
    return render(
        [{"code": status, "description": description} for description in descriptions],
        fmt=fmt,
        root="errors",
        status=status,
    )

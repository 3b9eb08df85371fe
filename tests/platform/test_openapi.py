"""The committed OpenAPI document (docs/api/village-openapi.yaml) is the one the code generates.
After changing the API: `make openapi` and commit the file."""

from pathlib import Path

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

from tests.routes import routes

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "village-openapi.yaml"


def test_the_committed_village_openapi_document_matches_the_code():
    schema = SchemaGenerator(urlconf="balai.urls_village").get_schema(request=None, public=True)
    validate_schema(schema)

    generated = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()

    assert generated == COMMITTED.read_text(), "the API changed: run `make openapi` and commit the file"


def test_every_route_of_the_village_api_is_in_the_document():
    """A view left out of the schema (`exclude=True`, a plain Django view under api/) would leave
    the first test green; here every route under api/ of the URLconf must be a documented path."""
    schema = SchemaGenerator(urlconf="balai.urls_village").get_schema(request=None, public=True)
    api_routes = {
        route.openapi_path
        for route in routes("balai.urls_village")
        if route.route.startswith("api/") and route.name not in ("api_schema", "api_docs")
    }

    assert "/api/layanan/{slug}/permohonan/" in api_routes  # the walk reached the API
    assert sorted(api_routes - set(schema["paths"])) == []

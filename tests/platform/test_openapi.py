"""The committed OpenAPI document (docs/api/village-openapi.yaml) is the one the code generates.
After changing the API: `make openapi` and commit the file."""

from pathlib import Path

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "village-openapi.yaml"


def test_the_committed_village_openapi_document_matches_the_code():
    schema = SchemaGenerator(urlconf="balai.urls_village").get_schema(request=None, public=True)
    validate_schema(schema)

    generated = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()

    assert generated == COMMITTED.read_text(), "the API changed: run `make openapi` and commit the file"


def test_every_village_api_path_is_documented():
    text = COMMITTED.read_text()

    for path in (
        "/api/layanan/:",
        "/api/layanan/{slug}/permohonan/:",
        "/api/lacak/{tracking_code}/:",
        "/api/verifikasi/{verification_code}/:",
        "/api/staf/permohonan/:",
        "/api/staf/antrian/panggil/:",
    ):
        assert path in text

"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for the village's complaint register:
discovery, services (the active categories), service definitions, requests (GET and POST with an API
key) and one request, in JSON and XML. Plain Django views, not DRF: the formats, the form-encoded
POST and the error bodies are the spec's, and the village's OpenAPI document stays about its own API.
"""

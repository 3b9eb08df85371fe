"""The error bodies that ``handler.exception_handler`` writes, for the OpenAPI schema."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """403, 404 and other errors."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """400: a sentence for the whole form and the messages of each field."""

    detail = serializers.CharField()
    # DRF's metaclass pops declared fields; the name only shadows Serializer.errors in the stubs.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Pesan per isian; `non_field_errors` untuk pesan yang tidak terkait satu isian.",
    )

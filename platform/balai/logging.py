import logging

from django.db import connection


class SchemaFilter(logging.Filter):
    """Puts the active schema on every log record (DESIGN rule 4)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "schema"):
            record.schema = getattr(connection, "schema_name", "-")
        return True

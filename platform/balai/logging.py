"""Log records carry the active schema and the request (or task) id; production writes them as
JSON lines. Personal data never goes into a log line: callers log ids, not values."""

import contextvars
import logging

from django.db import connection

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class SchemaFilter(logging.Filter):
    """Puts the active schema and the request id on every record (DESIGN rule 4)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "schema"):
            record.schema = getattr(connection, "schema_name", "-")
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True

"""Log records carry the active schema and the request (or task) id; production writes them as
JSON lines. Personal data never goes into a log line: callers log ids, not values."""

import contextvars
import logging
import re

from django.db import connection

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class SchemaFilter(logging.Filter):
    """Puts the active schema and the request id on every record (DESIGN rule 4), and masks the
    secrets that some request paths carry (Django's own "Not Found: <path>" lines included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_path(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if hasattr(record, "request"):  # Django's request loggers attach the request object
            record.request = mask_path(str(record.request))
        if not hasattr(record, "schema"):
            record.schema = getattr(connection, "schema_name", "-")
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


# Path segments that are credentials: the resident's secret in /lacak/<code>/<secret>/..., the
# reporter's in /pengaduan/<code>/<secret>/ (not the complaint's own "dukung" and "foto" pages), and
# the token that lets a phone number receive messages (/kabar/<token>/, modules.notifikasi); the
# information requester's in /ppid/permohonan/<code>/<secret>/ and a subscription's token in
# /ppid/langganan/<token>/ (modules.ppid); a survey invitation's token in /survei/isi/<token>/
# (modules.survei); the signup's resume link /daftar/lanjut/<token>/ (modules.pendaftaran) and the
# one-time sign-in link /staf/masuk/tautan/<token>/ (modules.accounts).
_SECRET_PATHS = [
    re.compile(r"(/lacak/[^/\s]+/)[^/\s?#]+"),
    re.compile(r"(/pengaduan/[0-9A-Za-z]{4}-[0-9A-Za-z]{4}/)(?!dukung/|foto/)[^/\s?#]+"),
    re.compile(r"(/kabar/)[^/\s?#]+"),
    re.compile(r"(/ppid/permohonan/[^/\s]+/)[^/\s?#]+"),
    re.compile(r"(/ppid/langganan/)[^/\s?#]+(?=/)"),
    re.compile(r"(/survei/isi/)[^/\s?#]+"),
    re.compile(r"(/daftar/lanjut/)[^/\s?#]+"),
    re.compile(r"(/staf/masuk/tautan/)[^/\s?#]+"),
]


def mask_path(text: str) -> str:
    """A request path (or any text quoting one) fit for a log line or an error report."""
    for pattern in _SECRET_PATHS:
        text = pattern.sub(r"\1***", text)
    return text

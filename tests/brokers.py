from collections.abc import Iterator
from contextlib import contextmanager

from balai.celery import app as celery_app

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens there: Redis is "down"


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Points this process's Celery app at another broker. Celery keeps its connection and producer
    pools for the broker it first used, so they are dropped on the way in and on the way out."""
    original = celery_app.conf.broker_url

    def switch(to: str) -> None:
        celery_app.conf.broker_url = to
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(original)

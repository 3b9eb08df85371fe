"""The default connection, typed as what django-tenants makes of it (schema_name, tenant,
set_schema_to_public...), which Django's stubs do not know."""

from typing import Any

from django.db import connection

tenant_connection: Any = connection

"""The BambooHR route table: one entry per vendor operation, served under both
URL forms (``/api/gateway.php/{companyDomain}/v1/...`` and ``/api/v1/...``).

Literal segments come before parameters (``/employees/directory`` before
``/employees/{id}``) because templated routes are matched in order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...kit.http import Route
from . import schemas as s
from . import xmlio
from .xmlio import negotiated

if TYPE_CHECKING:
    from .fake import BambooHRFake

PREFIXES = (("/api", "subdomain"), ("/api/gateway.php/{companyDomain}", "gateway"))

AUTH = {
    401: "missing or wrong API key (X-BambooHR-Message)",
    403: "the key belongs to another company",
    404: "unknown company domain or record",
}


def routes(fake: BambooHRFake) -> list[Route]:
    table = [
        Route(
            "GET",
            "/v1/employees/directory",
            negotiated(fake.get_employees_directory, xmlio.directory),
            "get_employees_directory",
            "Employee directory (active employees)",
            query=s.ONLY_CURRENT,
            responses={200: "directory", **AUTH},
        ),
        Route(
            "GET",
            "/v1/employees/changed",
            negotiated(fake.get_changed_employee_ids, xmlio.changed),
            "get_changed_employee_ids",
            "Employees changed since a timestamp",
            query=s.CHANGED_QUERY,
            responses={200: "latest + employees", 400: "bad since or type", **AUTH},
        ),
        Route(
            "GET",
            "/v1/employees/changed/tables/{table}",
            negotiated(fake.get_changed_employee_table_data, xmlio.changed_table),
            "get_changed_employee_table_data",
            "Table rows of employees changed since a timestamp",
            query=s.SINCE,
            responses={200: "table + employees", 400: "bad since", **AUTH},
        ),
        Route(
            "GET",
            "/v1/employees",
            fake.list_employees,
            "list_employees",
            "List employees (cursor-paginated)",
            query=s.LIST_EMPLOYEES_QUERY,
            responses={200: "page", 400: "BadRequest or BadPage", **AUTH},
        ),
        Route(
            "POST",
            "/v1/employees",
            fake.create_employee,
            "create_employee",
            "Create an employee",
            body=s.NEW_EMPLOYEE,
            write=True,
            responses={201: "created; Location header", 400: "missing names", 409: "invalid or duplicate", **AUTH},
        ),
        Route(
            "GET",
            "/v1/employees/{id}",
            negotiated(fake.get_employee, xmlio.employee),
            "get_employee",
            "Get an employee's fields",
            query=s.GET_EMPLOYEE_QUERY,
            responses={200: "fields", 400: "unknown or too many fields", **AUTH},
        ),
        Route(
            "POST",
            "/v1/employees/{id}",
            fake.update_employee,
            "update_employee",
            "Update an employee",
            body=s.EMPLOYEE_UPDATE,
            write=True,
            responses={200: "updated", 400: "bad body", 409: "invalid", **AUTH},
        ),
        Route(
            "GET",
            "/v1/employees/{id}/tables/{table}",
            negotiated(fake.get_employee_table_data, xmlio.table),
            "get_employee_table_data",
            "Rows of one table (id may be 'all')",
            responses={200: "rows", **AUTH},
        ),
        Route(
            "POST",
            "/v1/employees/{id}/tables/{table}",
            fake.create_table_row,
            "create_table_row",
            "Add a table row",
            body=s.TABLE_ROW,
            write=True,
            responses={200: "added", 400: "bad body", 406: "invalid value", **AUTH},
        ),
        Route(
            "POST",
            "/v1/employees/{id}/tables/{table}/{rowId}",
            fake.update_table_row,
            "update_table_row",
            "Update a table row",
            body=s.TABLE_ROW,
            write=True,
            responses={200: "updated", 400: "bad body", 406: "invalid value", **AUTH},
        ),
        Route(
            "DELETE",
            "/v1/employees/{id}/tables/{table}/{rowId}",
            fake.delete_employee_table_row,
            "delete_employee_table_row",
            "Delete a table row",
            write=True,
            responses={200: "success true/false", 400: "invalid employee or table", **AUTH},
        ),
        Route(
            "POST",
            "/v1_1/employees/{id}/tables/{table}",
            fake.create_table_row,
            "create_table_row_v1_1",
            "Add a table row (v1.1)",
            body=s.TABLE_ROW,
            write=True,
            responses={200: "added", 400: "bad body", 406: "invalid value", **AUTH},
        ),
        Route(
            "POST",
            "/v1_1/employees/{id}/tables/{table}/{rowId}",
            fake.update_table_row,
            "update_table_row_v1_1",
            "Update a table row (v1.1)",
            body=s.TABLE_ROW,
            write=True,
            responses={200: "updated", 400: "bad body", 406: "invalid value", **AUTH},
        ),
        Route(
            "GET",
            "/v1/meta/fields",
            negotiated(fake.list_fields, xmlio.fields),
            "list_fields",
            "The field catalogue",
            responses={200: "fields", **AUTH},
        ),
        Route(
            "GET",
            "/v1/meta/tables",
            negotiated(fake.list_tabular_fields, xmlio.tables),
            "list_tabular_fields",
            "Tables and their columns",
            responses={200: "tables", **AUTH},
        ),
        Route(
            "GET",
            "/v1/meta/lists",
            negotiated(fake.list_list_fields, xmlio.lists),
            "list_list_fields",
            "List fields and options",
            query=s.LISTS_QUERY,
            responses={200: "lists", **AUTH},
        ),
        Route(
            "GET",
            "/v1/webhooks/monitor_fields",
            fake.list_monitor_fields,
            "list_monitor_fields",
            "Fields a webhook can monitor",
            responses={200: "fields", **AUTH},
        ),
        Route(
            "GET",
            "/v1/webhooks/post-fields",
            fake.get_post_fields,
            "get_post_fields",
            "Fields a webhook can post",
            responses={200: "fields, tables, pages", **AUTH},
        ),
        Route(
            "GET",
            "/v1/webhooks",
            fake.list_webhooks,
            "list_webhooks",
            "List webhooks",
            responses={200: "webhooks", **AUTH},
        ),
        Route(
            "POST",
            "/v1/webhooks",
            fake.create_webhook,
            "create_webhook",
            "Create a webhook",
            body=s.WEBHOOK,
            write=True,
            responses={201: "webhook with privateKey", 400: "invalid body", 403: "unknown fields", **AUTH},
        ),
        Route(
            "GET",
            "/v1/webhooks/{id}",
            fake.get_webhook,
            "get_webhook",
            "Get a webhook",
            responses={200: "webhook", **AUTH},
        ),
        Route(
            "PUT",
            "/v1/webhooks/{id}",
            fake.update_webhook,
            "update_webhook",
            "Replace a webhook",
            body=s.WEBHOOK,
            write=True,
            responses={200: "webhook", 400: "invalid body", 403: "unknown fields", **AUTH},
        ),
        Route(
            "DELETE",
            "/v1/webhooks/{id}",
            fake.delete_webhook,
            "delete_webhook",
            "Delete a webhook",
            write=True,
            responses={200: "deleted (text)", **AUTH},
        ),
        Route(
            "GET",
            "/v1/webhooks/{id}/log",
            fake.list_webhook_logs,
            "list_webhook_logs",
            "Deliveries of the last 14 days",
            responses={200: "log entries", **AUTH},
        ),
    ]
    served = [replace(route, path=prefix + route.path, tags=(form,)) for prefix, form in PREFIXES for route in table]
    return served + oauth_routes(fake)


def oauth_routes(fake: BambooHRFake) -> list[Route]:
    """The authorization server at the company host's root (BHR spec securitySchemes.oauth)."""
    return [
        Route(
            "GET",
            "/authorize.php",
            fake.oauth_authorize,
            "oauth_authorize",
            "OAuth authorization (consent given at once; 302 to redirect_uri with code and state)",
            auth=False,
            query={
                "client_id": {"type": "string", "x-required": True},
                "response_type": {"type": "string", "enum": ["code"]},
                "redirect_uri": {"type": "string", "x-required": True},
                "scope": {"type": "string"},
                "state": {"type": "string"},
                "request": {"type": "string", "enum": ["authorize"]},
            },
            responses={302: "to redirect_uri with code and state", 400: "unknown client or bad redirect_uri"},
            tags=("oauth",),
        ),
        Route(
            "POST",
            "/token.php",
            fake.oauth_token,
            "oauth_token",
            "OAuth token: authorization_code or refresh_token grant (form or JSON body)",
            auth=False,
            query={"request": {"type": "string", "enum": ["token"]}},
            responses={
                200: "access_token, expires_in, token_type, scope, refresh_token, id_token, companyDomain",
                400: "invalid_grant or unsupported_grant_type",
                401: "invalid_client",
            },
            tags=("oauth",),
        ),
    ]

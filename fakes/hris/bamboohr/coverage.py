"""BambooHR operations in scope (tags Employees, Tabular Data, Last Change
Information, Account Information, Webhooks of the BHR spec
``specs/public.yaml``), as snake_case of the spec's operationIds, and the
OAuth endpoints of its ``securitySchemes``. Each API operation is also served
under the gateway form ``/api/gateway.php/{companyDomain}/...``, and with one
trailing slash. Legacy reads answer XML unless Accept names JSON.
"""

VENDOR_OPERATIONS: list[tuple[str, str, str, str]] = [
    ("oauth_authorize", "GET", "/authorize.php", "OAuth authorization code; consent given at once"),
    ("oauth_token", "POST", "/token.php", "authorization_code and refresh_token grants; form or JSON body"),
    ("get_employee", "GET", "/api/v1/employees/{id}", "fields=, onlyCurrent=, id 0 = API user; JSON or XML"),
    ("list_employees", "GET", "/api/v1/employees", "OAuth only; filter[...], sort, fields, cursor paging"),
    ("create_employee", "POST", "/api/v1/employees", "JSON or XML body"),
    ("update_employee", "POST", "/api/v1/employees/{id}", "JSON or XML body"),
    ("get_employees_directory", "GET", "/api/v1/employees/directory", "JSON or XML"),
    ("get_company_information", "GET", "/api/v1/company_information", ""),
    (
        "get_employee_table_data",
        "GET",
        "/api/v1/employees/{id}/tables/{table}",
        "jobInfo, compensation, employmentStatus; no custom tables",
    ),
    ("create_table_row", "POST", "/api/v1/employees/{id}/tables/{table}", ""),
    ("update_table_row", "POST", "/api/v1/employees/{id}/tables/{table}/{rowId}", ""),
    ("delete_employee_table_row", "DELETE", "/api/v1/employees/{id}/tables/{table}/{rowId}", ""),
    ("create_table_row_v1_1", "POST", "/api/v1_1/employees/{id}/tables/{table}", "same behaviour as v1"),
    ("update_table_row_v1_1", "POST", "/api/v1_1/employees/{id}/tables/{table}/{rowId}", "same behaviour as v1"),
    ("get_changed_employee_ids", "GET", "/api/v1/employees/changed", "since= is inclusive"),
    ("get_changed_employee_table_data", "GET", "/api/v1/employees/changed/tables/{table}", ""),
    ("list_fields", "GET", "/api/v1/meta/fields", "harness field ids, not a real account's"),
    ("list_tabular_fields", "GET", "/api/v1/meta/tables", ""),
    ("list_list_fields", "GET", "/api/v1/meta/lists", ""),
    ("update_list_field_values", "PUT", "/api/v1/meta/lists/{listFieldId}", ""),
    ("list_users", "GET", "/api/v1/meta/users", ""),
    ("get_countries_options", "GET", "/api/v1/meta/countries/options", ""),
    ("get_states_by_country_id", "GET", "/api/v1/meta/provinces/{countryId}", ""),
    ("list_timezones", "GET", "/api/v1/meta/timezones", ""),
    ("list_webhooks", "GET", "/api/v1/webhooks", ""),
    ("create_webhook", "POST", "/api/v1/webhooks", "http:// accepted for loopback URLs"),
    ("get_webhook", "GET", "/api/v1/webhooks/{id}", ""),
    ("update_webhook", "PUT", "/api/v1/webhooks/{id}", "full replacement, key kept"),
    ("delete_webhook", "DELETE", "/api/v1/webhooks/{id}", ""),
    ("list_webhook_logs", "GET", "/api/v1/webhooks/{id}/log", "no rate-limit answer"),
    ("list_monitor_fields", "GET", "/api/v1/webhooks/monitor_fields", ""),
    ("get_post_fields", "GET", "/api/v1/webhooks/post-fields", ""),
]

# Appended to IMPLEMENTATION_COVERAGE.md.
NOTES: tuple[str, ...] = (
    "**Auth.** HTTP Basic (API key as user name) or OAuth 2.0 (authorization code at `/authorize.php`, consent "
    "given at once; `/token.php?request=token` for `authorization_code` and `refresh_token`; `Authorization: "
    "Bearer`). `GET /api/v1/employees` takes OAuth tokens only (401 for an API key), as the spec's security says; "
    "a token without any of an operation's scopes gets 403. The contract adds `BAMBOOHR_CLIENT_ID`, "
    "`BAMBOOHR_CLIENT_SECRET`, `BAMBOOHR_OAUTH_URL` and `BAMBOOHR_OAUTH_REFRESH_TOKEN` (a consent already given, "
    "with every scope and `offline_access`).",
    "**XML.** The legacy reads (employee, directory, changed, changed tables, table rows, meta fields, tables "
    "and lists) answer JSON only when Accept names `application/json`; otherwise XML (so `Accept: */*` gets "
    "XML). Create and update of employees and table rows read `<employee>`/`<row>` bodies of `<field id>` "
    "elements, also without a Content-Type. Element names beyond the spec's directory schema are unverified.",
    "**Trailing slash.** One trailing slash is ignored on every API path (PyBambooHR calls `employees/`, "
    "`meta/fields/`); whether BambooHR accepts it on every operation is unverified.",
)

"""Calendly API v2 operations for the resources in scope, implemented or not.

Source: Calendly's OpenAPI (developer.calendly.com/openapi/calendly-api.yaml,
as mirrored in speakeasy-sdks/calendly-python ``openapi/openapi.yaml``).
Where implemented, the name equals the route's ``operation``; the lead
generates IMPLEMENTATION_COVERAGE.md from this list.
"""

from __future__ import annotations

VENDOR_OPERATIONS: list[tuple[str, str, str, str]] = [
    # users and organizations
    ("get_current_user", "GET", "/users/me", "the token's owner"),
    ("get_user", "GET", "/users/{uuid}", "the constant 'me' works too"),
    ("list_organization_memberships", "GET", "/organization_memberships", ""),
    ("get_organization_membership", "GET", "/organization_memberships/{uuid}", ""),
    ("remove_organization_membership", "DELETE", "/organization_memberships/{uuid}", ""),
    ("list_organization_invitations", "GET", "/organizations/{uuid}/invitations", ""),
    ("create_organization_invitation", "POST", "/organizations/{uuid}/invitations", ""),
    ("get_organization_invitation", "GET", "/organizations/{org_uuid}/invitations/{uuid}", ""),
    ("revoke_organization_invitation", "DELETE", "/organizations/{org_uuid}/invitations/{uuid}", ""),
    # event types and links
    ("list_event_types", "GET", "/event_types", "user or organization required, active, sort, paging"),
    ("get_event_type", "GET", "/event_types/{uuid}", ""),
    ("list_event_type_available_times", "GET", "/event_type_available_times", ""),
    ("create_scheduling_link", "POST", "/scheduling_links", "single-use (max_event_count 1)"),
    # scheduled events and invitees
    ("list_events", "GET", "/scheduled_events", "status, min/max_start_time, invitee_email, sort, paging"),
    ("get_event", "GET", "/scheduled_events/{uuid}", ""),
    ("list_event_invitees", "GET", "/scheduled_events/{uuid}/invitees", "status, email, sort, paging"),
    ("get_event_invitee", "GET", "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}", ""),
    ("cancel_event", "POST", "/scheduled_events/{uuid}/cancellation", "fires invitee.canceled"),
    ("create_invitee_no_show", "POST", "/invitee_no_shows", ""),
    ("get_invitee_no_show", "GET", "/invitee_no_shows/{uuid}", ""),
    ("delete_invitee_no_show", "DELETE", "/invitee_no_shows/{uuid}", ""),
    ("delete_invitee_data", "POST", "/data_compliance/deletion/invitees", ""),
    ("delete_scheduled_event_data", "POST", "/data_compliance/deletion/events", ""),
    # webhooks
    ("create_webhook_subscription", "POST", "/webhook_subscriptions", "organization and user scopes"),
    ("list_webhook_subscriptions", "GET", "/webhook_subscriptions", "organization and scope required"),
    ("get_webhook_subscription", "GET", "/webhook_subscriptions/{webhook_uuid}", ""),
    ("delete_webhook_subscription", "DELETE", "/webhook_subscriptions/{webhook_uuid}", ""),
    # routing forms and availability (out of the journey's scope)
    ("list_routing_forms", "GET", "/routing_forms", ""),
    ("get_routing_form", "GET", "/routing_forms/{uuid}", ""),
    ("list_routing_form_submissions", "GET", "/routing_form_submissions", ""),
    ("get_routing_form_submission", "GET", "/routing_form_submissions/{uuid}", ""),
    ("list_user_busy_times", "GET", "/user_busy_times", ""),
    ("list_user_availability_schedules", "GET", "/user_availability_schedules", ""),
    ("get_user_availability_schedule", "GET", "/user_availability_schedules/{uuid}", ""),
    ("list_activity_log_entries", "GET", "/activity_log_entries", "Enterprise"),
    ("create_share", "POST", "/shares", ""),
]

# Appended to IMPLEMENTATION_COVERAGE.md.
NOTES: tuple[str, ...] = (
    "**Resource URIs.** Every `uri` this fake writes starts with its own origin (`http://127.0.0.1:<port>/users/"
    "<uuid>`), so a SUT that follows a URI reaches the fake. Where Calendly's are `https://api.calendly.com/...`, "
    "a URI given to the fake (query parameters such as `user=`, `organization=`; body fields such as `owner`, "
    "`organization`, `user`) is read by its path alone: `https://api.calendly.com/users/<uuid>`, the fake's own "
    "form, any other origin and a trailing slash all name the same resource. A value whose path is not "
    "`/<collection>/<uuid>` is a 400 Invalid Argument naming the parameter.",
    "**Booking-page prefill.** The world action that books through a link (`scheduler.book`) reads the link's "
    "query as Calendly's booking page does (help.calendly.com article 226766767): `name` (or `first_name` + "
    "`last_name`) and `email` fill the form, and `a1`...`a10` answer the event type's custom questions in page "
    "order. The invitee's `questions_and_answers` then holds each answered question with its `position` (0 for "
    "the first custom question); unanswered ones are left out; utm_* parameters go to `tracking` as before. "
    "Seeded event types ask two questions: `Phone number` (phone_number) and `What would you like us to know "
    "before we meet?` (text).",
)

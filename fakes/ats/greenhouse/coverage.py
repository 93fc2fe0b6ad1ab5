"""Harvest operations for the resources in scope, implemented or not.

Source: github.com/grnhse/greenhouse-api-docs @ 0c37c31, source/includes/harvest/
(_candidates, _applications, _activity_feed, _jobs, _job_stages, _offers,
_scorecards, _users, _sources, _rejection_reasons). Where the note starts with
"implemented", the operation name is the fake's Route.operation and the
operation is served under /v1 and /v3 alike. The lead generates
IMPLEMENTATION_COVERAGE.md from this list.
"""

from __future__ import annotations

IMPLEMENTED = "implemented (/v1 and /v3)"

VENDOR_OPERATIONS: list[tuple[str, str, str, str]] = [
    # candidates
    ("list_candidates", "GET", "/v1/candidates", IMPLEMENTED + "; filters created/updated_*, job_id, email, "
     "candidate_ids (max 50)"),
    ("get_candidate", "GET", "/v1/candidates/{id}", IMPLEMENTED),
    ("create_candidate", "POST", "/v1/candidates", IMPLEMENTED + "; educations/employments accepted, not kept"),
    ("edit_candidate", "PATCH", "/v1/candidates/{id}", IMPLEMENTED),
    ("delete_candidate", "DELETE", "/v1/candidates/{id}", "not implemented"),
    ("add_attachment", "POST", "/v1/candidates/{id}/attachments", "not implemented"),
    ("add_note", "POST", "/v1/candidates/{id}/activity_feed/notes", IMPLEMENTED),
    ("add_email_note", "POST", "/v1/candidates/{id}/activity_feed/emails", "not implemented"),
    ("add_education", "POST", "/v1/candidates/{id}/educations", "not implemented"),
    ("remove_education", "DELETE", "/v1/candidates/{candidate_id}/educations/{education_id}", "not implemented"),
    ("add_employment", "POST", "/v1/candidates/{id}/employments", "not implemented"),
    ("remove_employment", "DELETE", "/v1/candidates/{candidate_id}/employments/{employment_id}", "not implemented"),
    ("add_prospect", "POST", "/v1/prospects", "not implemented (no prospects in this fake)"),
    ("anonymize_candidate", "PUT", "/v1/candidates/{id}/anonymize", "not implemented"),
    ("merge_candidates", "PUT", "/v1/candidates/merge", "not implemented"),
    ("get_activity_feed", "GET", "/v1/candidates/{id}/activity_feed", IMPLEMENTED + "; notes and activities, "
     "emails always []"),
    # applications
    ("list_applications", "GET", "/v1/applications", IMPLEMENTED + "; unknown status gives []"),
    ("get_application", "GET", "/v1/applications/{id}", IMPLEMENTED),
    ("delete_application", "DELETE", "/v1/applications/{id}", IMPLEMENTED),
    ("add_application", "POST", "/v1/candidates/{id}/applications", IMPLEMENTED + "; candidate applications only, "
     "prospect: true answers 422"),
    ("update_application", "PATCH", "/v1/applications/{id}", IMPLEMENTED + "; referrer accepted, not kept"),
    ("advance_application", "POST", "/v1/applications/{id}/advance", IMPLEMENTED),
    ("transfer_application", "POST", "/v1/applications/{id}/transfer_to_job", "not implemented"),
    ("move_application", "POST", "/v1/applications/{id}/move", IMPLEMENTED + "; backward moves allowed"),
    ("convert_prospect", "PATCH", "/v1/applications/{id}/convert_prospect", "not implemented"),
    ("add_application_attachment", "POST", "/v1/applications/{id}/attachments", "not implemented"),
    ("hire_application", "POST", "/v1/applications/{id}/hire", IMPLEMENTED + "; needs a current offer, which it "
     "accepts; opening_id/close_reason_id accepted, not kept"),
    ("reject_application", "POST", "/v1/applications/{id}/reject", IMPLEMENTED + "; no rejection email is sent"),
    ("update_rejection_reason", "PATCH", "/v1/applications/{id}/reject", "not implemented"),
    ("unreject_application", "POST", "/v1/applications/{id}/unreject", IMPLEMENTED),
    # jobs and stages
    ("list_jobs", "GET", "/v1/jobs", IMPLEMENTED + "; external_*_id and custom_field_option_id filters ignored"),
    ("get_job", "GET", "/v1/jobs/{id}", IMPLEMENTED),
    ("update_job", "PATCH", "/v1/jobs/{id}", "not implemented (jobs come from the ats.create_job world action)"),
    ("create_job", "POST", "/v1/jobs", "not implemented (jobs come from the ats.create_job world action)"),
    ("get_hiring_team", "GET", "/v1/jobs/{id}/hiring_team", "not implemented (the job object carries hiring_team)"),
    ("replace_hiring_team", "PUT", "/v1/jobs/{id}/hiring_team", "not implemented"),
    ("add_hiring_team_members", "POST", "/v1/jobs/{id}/hiring_team", "not implemented"),
    ("remove_hiring_team_member", "DELETE", "/v1/jobs/{id}/hiring_team", "not implemented"),
    ("list_job_stages", "GET", "/v1/job_stages", IMPLEMENTED),
    ("list_job_stages_for_job", "GET", "/v1/jobs/{id}/stages", IMPLEMENTED),
    ("get_job_stage", "GET", "/v1/job_stages/{id}", IMPLEMENTED),
    # offers and scorecards
    ("list_offers", "GET", "/v1/offers", IMPLEMENTED + "; ordered by application_id"),
    ("list_application_offers", "GET", "/v1/applications/{id}/offers", IMPLEMENTED),
    ("get_current_offer", "GET", "/v1/applications/{id}/offers/current_offer", IMPLEMENTED),
    ("get_offer", "GET", "/v1/offers/{id}", IMPLEMENTED),
    ("update_current_offer", "PATCH", "/v1/applications/{id}/offers/current_offer", IMPLEMENTED + "; edits in place "
     "(same version), fires offer_updated"),
    ("list_scorecards", "GET", "/v1/scorecards", IMPLEMENTED),
    ("list_application_scorecards", "GET", "/v1/applications/{id}/scorecards", IMPLEMENTED),
    ("get_scorecard", "GET", "/v1/scorecards/{id}", IMPLEMENTED),
    # users, sources, rejection reasons
    ("list_users", "GET", "/v1/users", IMPLEMENTED + "; user_attributes ignored"),
    ("get_user", "GET", "/v1/users/{id}", IMPLEMENTED),
    ("edit_user", "PATCH", "/v2/users/", "not implemented"),
    ("disable_user", "PATCH", "/v2/users/disable", "not implemented"),
    ("enable_user", "PATCH", "/v2/users/enable", "not implemented"),
    ("change_user_permission_level", "PATCH", "/v1/users/permission_level", "not implemented"),
    ("add_user", "POST", "/v1/users", "not implemented (users come from the ats.create_user world action)"),
    ("add_user_email_address", "POST", "/v1/users/{id}/email_addresses", "not implemented"),
    ("list_sources", "GET", "/v1/sources", IMPLEMENTED),
    ("list_rejection_reasons", "GET", "/v1/rejection_reasons", IMPLEMENTED + "; include_defaults ignored"),
    # Harvest v3 OAuth (auth.greenhouse.io)
    ("create_access_token", "POST", "/auth/token", "implemented; client_credentials only (no authorize/refresh "
     "flow of partner integrations)"),
]

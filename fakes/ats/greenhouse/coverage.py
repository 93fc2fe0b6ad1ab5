"""Harvest operations for the resources in scope, implemented or not, per version.

v1: github.com/grnhse/greenhouse-api-docs @ 0c37c31, source/includes/harvest/
(_candidates, _applications, _activity_feed, _jobs, _job_stages, _offers,
_scorecards, _users, _sources, _rejection_reasons, _custom_fields, _offices,
_departments, _job_openings, _scheduled_interviews).

v3: harvestdocs.greenhouse.io/docs/write-endpoint-migration-guide and
/docs/step-by-step-migration-instructions map each v1 route to its v3 route;
v3 routes the guides do not name (openings, interviews, attachments) are as
third-party v3 clients call them (unverified). The operation name is the
fake's Route.operation; IMPLEMENTATION_COVERAGE.md is generated from these
lists (``ats-harness contracts``), one section per version.
"""

from __future__ import annotations

V1_OPERATIONS: list[tuple[str, str, str, str]] = [
    # candidates
    ("list_candidates", "GET", "/v1/candidates", "filters created/updated_*, job_id, email, "
     "candidate_ids (max 50)"),
    ("get_candidate", "GET", "/v1/candidates/{id}", ""),
    ("create_candidate", "POST", "/v1/candidates", "educations/employments accepted, not kept"),
    ("edit_candidate", "PATCH", "/v1/candidates/{id}", ""),
    ("delete_candidate", "DELETE", "/v1/candidates/{id}", ""),
    ("add_attachment", "POST", "/v1/candidates/{id}/attachments", ""),
    ("add_note", "POST", "/v1/candidates/{id}/activity_feed/notes", ""),
    ("add_email_note", "POST", "/v1/candidates/{id}/activity_feed/emails", ""),
    ("add_education", "POST", "/v1/candidates/{id}/educations", ""),
    ("remove_education", "DELETE", "/v1/candidates/{candidate_id}/educations/{education_id}", ""),
    ("add_employment", "POST", "/v1/candidates/{id}/employments", ""),
    ("remove_employment", "DELETE", "/v1/candidates/{candidate_id}/employments/{employment_id}", ""),
    ("add_prospect", "POST", "/v1/prospects", "no prospects in this fake"),
    ("anonymize_candidate", "PUT", "/v1/candidates/{id}/anonymize", ""),
    ("merge_candidates", "PUT", "/v1/candidates/merge", ""),
    ("get_activity_feed", "GET", "/v1/candidates/{id}/activity_feed", "notes and activities, "
     "emails always []"),
    # applications
    ("list_applications", "GET", "/v1/applications", "unknown status gives []"),
    ("get_application", "GET", "/v1/applications/{id}", ""),
    ("delete_application", "DELETE", "/v1/applications/{id}", ""),
    ("add_application", "POST", "/v1/candidates/{id}/applications", "candidate applications only, "
     "prospect: true answers 422"),
    ("update_application", "PATCH", "/v1/applications/{id}", "referrer accepted, not kept"),
    ("advance_application", "POST", "/v1/applications/{id}/advance", ""),
    ("transfer_application", "POST", "/v1/applications/{id}/transfer_to_job", ""),
    ("move_application", "POST", "/v1/applications/{id}/move", "backward moves allowed"),
    ("convert_prospect", "PATCH", "/v1/applications/{id}/convert_prospect", ""),
    ("add_application_attachment", "POST", "/v1/applications/{id}/attachments", ""),
    ("hire_application", "POST", "/v1/applications/{id}/hire", "needs a current offer, which it "
     "accepts; opening_id/close_reason_id accepted, not kept"),
    ("reject_application", "POST", "/v1/applications/{id}/reject", "no rejection email is sent"),
    ("update_rejection_reason", "PATCH", "/v1/applications/{id}/reject", ""),
    ("unreject_application", "POST", "/v1/applications/{id}/unreject", ""),
    # jobs and stages
    ("list_jobs", "GET", "/v1/jobs", "external_*_id and custom_field_option_id filters ignored"),
    ("get_job", "GET", "/v1/jobs/{id}", ""),
    ("update_job", "PATCH", "/v1/jobs/{id}", "jobs come from the ats.create_job world action"),
    ("create_job", "POST", "/v1/jobs", "jobs come from the ats.create_job world action"),
    ("get_hiring_team", "GET", "/v1/jobs/{id}/hiring_team", "the job object carries hiring_team"),
    ("replace_hiring_team", "PUT", "/v1/jobs/{id}/hiring_team", ""),
    ("add_hiring_team_members", "POST", "/v1/jobs/{id}/hiring_team", ""),
    ("remove_hiring_team_member", "DELETE", "/v1/jobs/{id}/hiring_team", ""),
    ("list_job_stages", "GET", "/v1/job_stages", ""),
    ("list_job_stages_for_job", "GET", "/v1/jobs/{id}/stages", ""),
    ("get_job_stage", "GET", "/v1/job_stages/{id}", ""),
    # offers and scorecards
    ("list_offers", "GET", "/v1/offers", "ordered by application_id"),
    ("list_application_offers", "GET", "/v1/applications/{id}/offers", ""),
    ("get_current_offer", "GET", "/v1/applications/{id}/offers/current_offer", ""),
    ("get_offer", "GET", "/v1/offers/{id}", ""),
    ("update_current_offer", "PATCH", "/v1/applications/{id}/offers/current_offer", "edits in place "
     "(same version), fires offer_updated"),
    ("list_scorecards", "GET", "/v1/scorecards", ""),
    ("list_application_scorecards", "GET", "/v1/applications/{id}/scorecards", ""),
    ("get_scorecard", "GET", "/v1/scorecards/{id}", ""),
    # users, sources, rejection reasons
    ("list_users", "GET", "/v1/users", "user_attributes ignored"),
    ("get_user", "GET", "/v1/users/{id}", ""),
    ("edit_user", "PATCH", "/v2/users/", ""),
    ("disable_user", "PATCH", "/v2/users/disable", ""),
    ("enable_user", "PATCH", "/v2/users/enable", ""),
    ("change_user_permission_level", "PATCH", "/v1/users/permission_level", ""),
    ("add_user", "POST", "/v1/users", "users come from the ats.create_user world action"),
    ("add_user_email_address", "POST", "/v1/users/{id}/email_addresses", ""),
    ("list_sources", "GET", "/v1/sources", ""),
    ("list_rejection_reasons", "GET", "/v1/rejection_reasons", "include_defaults ignored"),
    # organisation reads and custom field definitions
    ("list_custom_fields", "GET", "/v1/custom_fields", "field_type filter; options in order"),
    ("list_custom_fields_of_type", "GET", "/v1/custom_fields/{field_type}", ""),
    ("get_custom_field", "GET", "/v1/custom_field/{id}", ""),
    ("list_offices", "GET", "/v1/offices", ""),
    ("get_office", "GET", "/v1/offices/{id}", ""),
    ("list_departments", "GET", "/v1/departments", ""),
    ("get_department", "GET", "/v1/departments/{id}", ""),
    ("list_job_openings", "GET", "/v1/jobs/{job_id}/openings", "status=open|closed"),
    ("get_job_opening", "GET", "/v1/jobs/{job_id}/openings/{id}", ""),
    ("list_scheduled_interviews", "GET", "/v1/scheduled_interviews", "always [] (interviews are "
     "booked in the scheduler fake, not in Greenhouse)"),
    ("list_application_scheduled_interviews", "GET", "/v1/applications/{id}/scheduled_interviews",
     "always []"),
    ("get_scheduled_interview", "GET", "/v1/scheduled_interviews/{id}", "always 404"),
    ("create_scheduled_interview", "POST", "/v2/scheduled_interviews", ""),
]

V3_OPERATIONS: list[tuple[str, str, str, str]] = [
    ("create_access_token", "POST", "/auth/token", "client_credentials only (no authorize/refresh "
     "flow of partner integrations)"),
    ("list_candidates", "GET", "/v3/candidates", "no embedded applications (application_ids "
     "only); ids filter, v1 filters"),
    ("get_candidate", "GET", "/v3/candidates/{id}", "no embedded applications"),
    ("create_candidate", "POST", "/v3/candidates", "v1's body"),
    ("edit_candidate", "PATCH", "/v3/candidates/{id}", ""),
    ("delete_candidate", "DELETE", "/v3/candidates/{id}", ""),
    ("list_applications", "GET", "/v3/applications", "v1's object plus job_id and "
     "job_interview_stage_id; v1 filters"),
    ("get_application", "GET", "/v3/applications/{id}", "as in the list"),
    ("create_application", "POST", "/v3/applications", "candidate_id + v1's application fields "
     "(body unverified); fires new_candidate_application"),
    ("update_application", "PATCH", "/v3/applications/{id}", ""),
    ("delete_application", "DELETE", "/v3/applications/{id}", ""),
    ("move_application", "POST", "/v3/applications/{id}/move", "blank to_stage_id/to_job_id "
     "advances; from_stage_id optional guard; to another job: 422"),
    ("reject_application", "POST", "/v3/applications/{id}/reject", ""),
    ("unreject_application", "POST", "/v3/applications/{id}/unreject", ""),
    ("hire_application", "POST", "/v3/applications/{id}/hire", ""),
    ("list_rejection_details", "GET", "/v3/rejection_details", "one per rejected application, "
     "id = application id (unverified)"),
    ("update_rejection_details", "PATCH", "/v3/rejection_details/{id}", "rejection_reason_id, "
     "notes; custom_fields answer 422"),
    ("list_notes", "GET", "/v3/notes", "ids, candidate_ids, application_ids"),
    ("create_note", "POST", "/v3/notes", "application_id or candidate_id, user_id, body, "
     "visibility (body unverified)"),
    ("list_offers", "GET", "/v3/offers", "ids, application_ids, candidate_ids, job_ids + v1 "
     "filters"),
    ("get_offer", "GET", "/v3/offers/{id}", "the v1 object and filters"),
    ("create_offer", "POST", "/v3/offers", "offers come from the ats.create_offer world action"),
    ("update_offer", "PATCH", "/v3/offers/{id}", "the application's current offer only, v1's "
     "current-offer body, answers the offer"),
    ("list_scorecards", "GET", "/v3/scorecards", "the v1 object and filters"),
    ("list_application_scorecards", "GET", "/v3/applications/{id}/scorecards", "the v1 object and filters"),
    ("get_scorecard", "GET", "/v3/scorecards/{id}", "the v1 object and filters"),
    ("list_jobs", "GET", "/v3/jobs", "the v1 object and filters"),
    ("get_job", "GET", "/v3/jobs/{id}", "the v1 object and filters"),
    ("list_job_stages", "GET", "/v3/job_stages", "the v1 object and filters"),
    ("list_job_interview_stages", "GET", "/v3/job_interview_stages", "the job stage object; ids, "
     "job_ids (the v3 name third-party clients use; unverified)"),
    ("list_job_stages_for_job", "GET", "/v3/jobs/{id}/stages", "the v1 object and filters"),
    ("get_job_stage", "GET", "/v3/job_stages/{id}", "the v1 object and filters"),
    ("list_users", "GET", "/v3/users", "the v1 object and filters"),
    ("get_user", "GET", "/v3/users/{id}", "the v1 object and filters"),
    ("list_sources", "GET", "/v3/sources", "the v1 object and filters"),
    ("list_rejection_reasons", "GET", "/v3/rejection_reasons", "the v1 object and filters"),
    ("list_custom_fields", "GET", "/v3/custom_fields", "field_type, ids"),
    ("list_offices", "GET", "/v3/offices", "ids"),
    ("get_office", "GET", "/v3/offices/{id}", ""),
    ("list_departments", "GET", "/v3/departments", "ids"),
    ("get_department", "GET", "/v3/departments/{id}", ""),
    ("list_openings", "GET", "/v3/openings", "ids, job_ids, status"),
    ("list_scheduled_interviews", "GET", "/v3/interviews", "always []"),
    ("list_attachments", "GET", "/v3/attachments", "always [] (candidates carry no files here)"),
    ("create_attachment", "POST", "/v3/attachments", ""),
]

VENDOR_OPERATIONS = V1_OPERATIONS + V3_OPERATIONS
# Section headings of IMPLEMENTATION_COVERAGE.md: the index of the first operation under each.
HEADINGS = {0: "Harvest v1 (kept for integrations not yet migrated)",
            len(V1_OPERATIONS): "Harvest v3 (and its OAuth token endpoint)"}

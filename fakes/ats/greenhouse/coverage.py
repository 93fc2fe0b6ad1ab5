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

IMPLEMENTED = "implemented"
SAME_AS_V1 = "implemented; the v1 object and filters"

V1_OPERATIONS: list[tuple[str, str, str, str]] = [
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
    # organisation reads and custom field definitions
    ("list_custom_fields", "GET", "/v1/custom_fields", IMPLEMENTED + "; field_type filter; options in order"),
    ("list_custom_fields_of_type", "GET", "/v1/custom_fields/{field_type}", IMPLEMENTED),
    ("get_custom_field", "GET", "/v1/custom_field/{id}", IMPLEMENTED),
    ("list_offices", "GET", "/v1/offices", IMPLEMENTED),
    ("get_office", "GET", "/v1/offices/{id}", IMPLEMENTED),
    ("list_departments", "GET", "/v1/departments", IMPLEMENTED),
    ("get_department", "GET", "/v1/departments/{id}", IMPLEMENTED),
    ("list_job_openings", "GET", "/v1/jobs/{job_id}/openings", IMPLEMENTED + "; status=open|closed"),
    ("get_job_opening", "GET", "/v1/jobs/{job_id}/openings/{id}", IMPLEMENTED),
    ("list_scheduled_interviews", "GET", "/v1/scheduled_interviews", IMPLEMENTED + "; always [] (interviews are "
     "booked in the scheduler fake, not in Greenhouse)"),
    ("list_application_scheduled_interviews", "GET", "/v1/applications/{id}/scheduled_interviews",
     IMPLEMENTED + "; always []"),
    ("get_scheduled_interview", "GET", "/v1/scheduled_interviews/{id}", IMPLEMENTED + "; always 404"),
    ("create_scheduled_interview", "POST", "/v2/scheduled_interviews", "not implemented"),
]

V3_OPERATIONS: list[tuple[str, str, str, str]] = [
    ("create_access_token", "POST", "/auth/token", "implemented; client_credentials only (no authorize/refresh "
     "flow of partner integrations)"),
    ("list_candidates", "GET", "/v3/candidates", IMPLEMENTED + "; no embedded applications (application_ids "
     "only); ids filter, v1 filters"),
    ("get_candidate", "GET", "/v3/candidates/{id}", IMPLEMENTED + "; no embedded applications"),
    ("create_candidate", "POST", "/v3/candidates", IMPLEMENTED + "; v1's body"),
    ("edit_candidate", "PATCH", "/v3/candidates/{id}", IMPLEMENTED),
    ("delete_candidate", "DELETE", "/v3/candidates/{id}", "not implemented"),
    ("list_applications", "GET", "/v3/applications", IMPLEMENTED + "; v1's object plus job_id and "
     "job_interview_stage_id; v1 filters"),
    ("get_application", "GET", "/v3/applications/{id}", IMPLEMENTED + "; as in the list"),
    ("create_application", "POST", "/v3/applications", IMPLEMENTED + "; candidate_id + v1's application fields "
     "(body unverified); fires new_candidate_application"),
    ("update_application", "PATCH", "/v3/applications/{id}", IMPLEMENTED),
    ("delete_application", "DELETE", "/v3/applications/{id}", IMPLEMENTED),
    ("move_application", "POST", "/v3/applications/{id}/move", IMPLEMENTED + "; blank to_stage_id/to_job_id "
     "advances; from_stage_id optional guard; to another job: 422"),
    ("reject_application", "POST", "/v3/applications/{id}/reject", IMPLEMENTED),
    ("unreject_application", "POST", "/v3/applications/{id}/unreject", IMPLEMENTED),
    ("hire_application", "POST", "/v3/applications/{id}/hire", IMPLEMENTED),
    ("list_rejection_details", "GET", "/v3/rejection_details", IMPLEMENTED + "; one per rejected application, "
     "id = application id (unverified)"),
    ("update_rejection_details", "PATCH", "/v3/rejection_details/{id}", IMPLEMENTED + "; rejection_reason_id, "
     "notes; custom_fields answer 422"),
    ("list_notes", "GET", "/v3/notes", IMPLEMENTED + "; ids, candidate_ids, application_ids"),
    ("create_note", "POST", "/v3/notes", IMPLEMENTED + "; application_id or candidate_id, user_id, body, "
     "visibility (body unverified)"),
    ("list_offers", "GET", "/v3/offers", IMPLEMENTED + "; ids, application_ids, candidate_ids, job_ids + v1 "
     "filters"),
    ("get_offer", "GET", "/v3/offers/{id}", SAME_AS_V1),
    ("create_offer", "POST", "/v3/offers", "not implemented (offers come from the ats.create_offer world action)"),
    ("update_offer", "PATCH", "/v3/offers/{id}", IMPLEMENTED + "; the application's current offer only, v1's "
     "current-offer body, answers the offer"),
    ("list_scorecards", "GET", "/v3/scorecards", SAME_AS_V1),
    ("list_application_scorecards", "GET", "/v3/applications/{id}/scorecards", SAME_AS_V1),
    ("get_scorecard", "GET", "/v3/scorecards/{id}", SAME_AS_V1),
    ("list_jobs", "GET", "/v3/jobs", SAME_AS_V1),
    ("get_job", "GET", "/v3/jobs/{id}", SAME_AS_V1),
    ("list_job_stages", "GET", "/v3/job_stages", SAME_AS_V1),
    ("list_job_interview_stages", "GET", "/v3/job_interview_stages", IMPLEMENTED + "; the job stage object; ids, "
     "job_ids (the v3 name third-party clients use; unverified)"),
    ("list_job_stages_for_job", "GET", "/v3/jobs/{id}/stages", SAME_AS_V1),
    ("get_job_stage", "GET", "/v3/job_stages/{id}", SAME_AS_V1),
    ("list_users", "GET", "/v3/users", SAME_AS_V1),
    ("get_user", "GET", "/v3/users/{id}", SAME_AS_V1),
    ("list_sources", "GET", "/v3/sources", SAME_AS_V1),
    ("list_rejection_reasons", "GET", "/v3/rejection_reasons", SAME_AS_V1),
    ("list_custom_fields", "GET", "/v3/custom_fields", IMPLEMENTED + "; field_type, ids"),
    ("list_offices", "GET", "/v3/offices", IMPLEMENTED + "; ids"),
    ("get_office", "GET", "/v3/offices/{id}", IMPLEMENTED),
    ("list_departments", "GET", "/v3/departments", IMPLEMENTED + "; ids"),
    ("get_department", "GET", "/v3/departments/{id}", IMPLEMENTED),
    ("list_openings", "GET", "/v3/openings", IMPLEMENTED + "; ids, job_ids, status"),
    ("list_scheduled_interviews", "GET", "/v3/interviews", IMPLEMENTED + "; always []"),
    ("list_attachments", "GET", "/v3/attachments", IMPLEMENTED + "; always [] (candidates carry no files here)"),
    ("create_attachment", "POST", "/v3/attachments", "not implemented"),
]

VENDOR_OPERATIONS = V1_OPERATIONS + V3_OPERATIONS
# Section headings of IMPLEMENTATION_COVERAGE.md: the index of the first operation under each.
HEADINGS = {0: "Harvest v1 (kept for integrations not yet migrated)",
            len(V1_OPERATIONS): "Harvest v3 (and its OAuth token endpoint)"}

"""Everything the integration is told: the environment and the journey vocabulary.

The environment names in the first block are the SUT contract (DESIGN.md);
the rest are this integration's own knobs. The vocabulary below is the one
ARCHITECTURE.md fixes ("The journey vocabulary"): a team with other custom
field keys or stage names changes it here, not in the handlers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

# -- candidate touchpoints: identity -> subject (recognised by the harness) --
TOUCHPOINT_SUBJECTS: dict[str, str] = {
    "application_confirmation": "We received your application",
    "stage_advancement": "Your application has moved forward",
    "interview_invitation": "Schedule your interview",
    "interview_reminder": "Reminder: your interview",
    "post_interview_update": "An update after your interview",
    "rejection": "An update on your application",
    "offer": "Your offer from",
}

# -- Greenhouse offer custom fields ------------------------------------------
FIELD_SALARY = "salary"
FIELD_PAY_PERIOD = "pay_period"
FIELD_EMPLOYMENT_TYPE = "employment_type"
FIELD_HOURS = "hours_per_week"
FIELD_SIGNATURE_STATUS = "signature_status"

# -- DocuSign template --------------------------------------------------------
OFFER_TEMPLATE_NAME = "Offer Letter"
ROLE_HIRING_MANAGER = "Hiring Manager"
ROLE_CANDIDATE = "Candidate"
ENVELOPE_FIELD_APPLICATION = "greenhouse_application_id"
ENVELOPE_FIELD_OFFER = "greenhouse_offer_id"

# -- validation rules (inclusive bounds) and HRIS value maps -------------------
PAY_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "year": (Decimal(20000), Decimal(500000)),
    "month": (Decimal(2000), Decimal(40000)),
    "hour": (Decimal(10), Decimal(250)),
}
HOURS_RANGE = (Decimal(1), Decimal(60))
# pay_period -> (compensation type, paidPer)
PAY_PERIODS: dict[str, tuple[str, str]] = {
    "year": ("Salary", "Year"),
    "month": ("Salary", "Month"),
    "hour": ("Hourly", "Hour"),
}
EMPLOYMENT_STATUSES: dict[str, str] = {
    "Full-time": "Full-Time",
    "Part-time": "Part-Time",
    "Contract": "Contractor",
}

DEFAULT_INTERVIEW_STAGES = ("Phone Screen", "Technical Interview", "Onsite")
DEFAULT_PIPELINE = ("Application Review", *DEFAULT_INTERVIEW_STAGES, "Offer")


def _csv(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        return default
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    greenhouse_base_url: str
    greenhouse_auth_url: str
    greenhouse_client_id: str
    greenhouse_client_secret: str
    greenhouse_user_id: str
    greenhouse_api_key: str
    greenhouse_webhook_secret: str
    bamboohr_base_url: str
    bamboohr_company_domain: str
    bamboohr_api_key: str
    docusign_base_url: str
    docusign_account_id: str
    docusign_access_token: str
    docusign_hmac_key: str
    calendly_base_url: str
    calendly_token: str
    slack_webhook_url: str
    smtp_host: str
    smtp_port: int
    host: str
    port: int
    public_url: str
    alert_email_to: str
    mail_from: str
    company_name: str
    reporting_database_url: str  # empty: a fresh SQLite file per process
    ttf_target_days: Decimal
    acceptance_baseline: Decimal
    variant: str
    http_timeout: float
    retry_after_cap: float
    reminder_interval: float  # seconds of real time between reminder checks; 0 turns the loop off
    interview_stages: tuple[str, ...]
    offer_stage: str
    pipeline_stages: tuple[str, ...]
    # BambooHR OAuth (its newer employee list accepts OAuth tokens only); empty: API key only.
    bamboohr_client_id: str = ""
    bamboohr_client_secret: str = ""
    bamboohr_oauth_url: str = ""
    bamboohr_oauth_refresh_token: str = ""
    # The e-signature vendor: "docusign" or "dropbox_sign" (ESIGN_VENDOR; without it, Dropbox Sign when only
    # its key is present).
    esign_vendor: str = "docusign"
    dropbox_sign_base_url: str = "https://api.hellosign.com"
    dropbox_sign_api_key: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        def get(name: str, default: str = "") -> str:
            return str(env.get(name, default) or default).strip()

        port = int(get("PORT", "8800"))
        return cls(
            greenhouse_base_url=get("GREENHOUSE_BASE_URL", "https://harvest.greenhouse.io").rstrip("/"),
            greenhouse_auth_url=get("GREENHOUSE_AUTH_URL", "https://auth.greenhouse.io").rstrip("/"),
            greenhouse_client_id=get("GREENHOUSE_CLIENT_ID"),
            greenhouse_client_secret=get("GREENHOUSE_CLIENT_SECRET"),
            greenhouse_user_id=get("GREENHOUSE_USER_ID"),
            greenhouse_api_key=get("GREENHOUSE_API_KEY"),
            greenhouse_webhook_secret=get("GREENHOUSE_WEBHOOK_SECRET"),
            bamboohr_base_url=get("BAMBOOHR_BASE_URL", "https://api.bamboohr.com").rstrip("/"),
            bamboohr_company_domain=get("BAMBOOHR_COMPANY_DOMAIN"),
            bamboohr_api_key=get("BAMBOOHR_API_KEY"),
            docusign_base_url=get("DOCUSIGN_BASE_URL", "https://demo.docusign.net").rstrip("/"),
            docusign_account_id=get("DOCUSIGN_ACCOUNT_ID"),
            docusign_access_token=get("DOCUSIGN_ACCESS_TOKEN"),
            docusign_hmac_key=get("DOCUSIGN_HMAC_KEY"),
            calendly_base_url=get("CALENDLY_BASE_URL", "https://api.calendly.com").rstrip("/"),
            calendly_token=get("CALENDLY_TOKEN"),
            slack_webhook_url=get("SLACK_WEBHOOK_URL"),
            smtp_host=get("SMTP_HOST", "127.0.0.1"),
            smtp_port=int(get("SMTP_PORT", "25")),
            host=get("HOST", "127.0.0.1"),
            port=port,
            public_url=get("SUT_PUBLIC_URL", f"http://127.0.0.1:{port}").rstrip("/"),
            alert_email_to=get("ALERT_EMAIL_TO", "integration-owner@example.com"),
            mail_from=get("MAIL_FROM", "recruiting@example.com"),
            company_name=get("COMPANY_NAME", "Example Corp"),
            reporting_database_url=get("REPORTING_DATABASE_URL"),
            ttf_target_days=Decimal(get("REPORTING_TTF_TARGET_DAYS", "45")),
            acceptance_baseline=Decimal(get("REPORTING_ACCEPTANCE_BASELINE", "0.5")),
            variant=get("REFERENCE_VARIANT"),
            http_timeout=float(get("HTTP_TIMEOUT_SECONDS", "10")),
            retry_after_cap=float(get("HTTP_RETRY_AFTER_CAP_SECONDS", "5")),
            reminder_interval=float(get("REMINDER_INTERVAL_SECONDS", "1")),
            interview_stages=_csv(get("INTERVIEW_STAGES"), DEFAULT_INTERVIEW_STAGES),
            offer_stage=get("OFFER_STAGE", "Offer"),
            pipeline_stages=_csv(get("PIPELINE_STAGES"), DEFAULT_PIPELINE),
            bamboohr_client_id=get("BAMBOOHR_CLIENT_ID"),
            bamboohr_client_secret=get("BAMBOOHR_CLIENT_SECRET"),
            bamboohr_oauth_url=get("BAMBOOHR_OAUTH_URL").rstrip("/"),
            bamboohr_oauth_refresh_token=get("BAMBOOHR_OAUTH_REFRESH_TOKEN"),
            esign_vendor=get("ESIGN_VENDOR") or (
                "dropbox_sign" if get("DROPBOX_SIGN_API_KEY") and not get("DOCUSIGN_ACCESS_TOKEN") else "docusign"),
            dropbox_sign_base_url=get("DROPBOX_SIGN_BASE_URL", "https://api.hellosign.com").rstrip("/"),
            dropbox_sign_api_key=get("DROPBOX_SIGN_API_KEY"),
        )

"""The inbox: an SMTP sink and a Slack-compatible webhook, both queryable."""

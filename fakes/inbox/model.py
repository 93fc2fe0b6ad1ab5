"""The inbox: every email the SUT sent and every Slack alert it posted."""

from __future__ import annotations

from typing import Any

from ..kit.model import Model, action


class InboxModel(Model):
    system = "inbox"

    def receive_email(
        self, mail_from: str, rcpt_to: list[str], subject: str, text: str, headers: dict[str, str], raw: bytes
    ) -> dict[str, Any]:
        ident = self.new_id("email", 0)
        record = {
            "id": ident,
            "at": self.now(),
            "from": mail_from,
            "to": [r.lower() for r in rcpt_to],
            "subject": subject,
            "text": text,
            "headers": headers,
            "size": len(raw),
        }
        self.store.table("emails")[ident] = record
        self.emit("email.received", email_id=ident)
        return record

    def receive_slack(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        ident = self.new_id("slack", 0)
        record = {"id": ident, "at": self.now(), "path": path, "text": _slack_text(payload), "payload": payload}
        self.store.table("slack").setdefault(ident, record)
        self.emit("slack.received", message_id=ident)
        return record

    # -- queries (also world actions, so the control plane can ask) --------
    @action
    def emails(self, to: str | None = None, subject_contains: str | None = None) -> list[dict[str, Any]]:
        """Emails received, optionally to one address or with a subject fragment."""
        out = []
        for email in self.store.table("emails").values():
            if to is not None and to.lower() not in email["to"]:
                continue
            if subject_contains is not None and subject_contains not in email["subject"]:
                continue
            out.append(email)
        return out

    @action
    def slack_messages(self, text_contains: str | None = None) -> list[dict[str, Any]]:
        """Slack messages received, optionally with a text fragment."""
        return [m for m in self.store.table("slack").values() if text_contains is None or text_contains in m["text"]]


def _slack_text(payload: dict[str, Any]) -> str:
    """The readable text of a message: ``text`` plus the text of any blocks or attachments."""
    parts = [str(payload.get("text") or "")]
    for block in payload.get("blocks") or []:
        if isinstance(block, dict):
            text = block.get("text")
            parts.append(text.get("text", "") if isinstance(text, dict) else str(text or ""))
    for attachment in payload.get("attachments") or []:
        if isinstance(attachment, dict):
            parts.append(str(attachment.get("text") or attachment.get("fallback") or ""))
    return "\n".join(p for p in parts if p)

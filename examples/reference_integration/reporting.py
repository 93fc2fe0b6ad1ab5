"""The reporting store: SQLAlchemy tables fed from Greenhouse events.

Any SQLAlchemy URL works (``REPORTING_DATABASE_URL``); without one each
process gets a fresh SQLite file in a temporary folder, so a run never
inherits another run's numbers. Instants are stored as UTC.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware in Python, naive UTC in the database (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


metadata = MetaData()
applications = Table(
    "applications",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("job_id", String(64)),
    Column("source", String(255)),
    Column("applied_at", UtcDateTime),
)
stage_changes = Table(
    "stage_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("application_id", String(64), nullable=False, index=True),
    Column("stage", String(255), nullable=False),
    Column("position", Integer),  # place in the job's pipeline, when known
    Column("changed_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    UniqueConstraint("application_id", "stage", "changed_at"),
)
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(255)),
    Column("opened_at", UtcDateTime),
)
hires = Table(
    "hires",
    metadata,
    Column("application_id", String(64), primary_key=True),
    Column("job_id", String(64)),
    Column("hired_at", UtcDateTime, nullable=False),
)
offers = Table(
    "offers",
    metadata,
    Column("envelope_id", String(64), primary_key=True),
    Column("application_id", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),  # sent, accepted, declined, voided
    Column("sent_at", UtcDateTime),
    Column("resolved_at", UtcDateTime),
)


def make_engine(url: str) -> Engine:
    if not url:
        folder = tempfile.mkdtemp(prefix="reference-integration-")
        url = f"sqlite:///{os.path.join(folder, 'reporting.sqlite3')}"
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        return create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool if memory else None)
    return create_engine(url)


class ReportingStore:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        metadata.create_all(self.engine)

    def _exists(self, conn: Any, table: Table, **where: Any) -> bool:
        query = select(table).where(*(table.c[name] == value for name, value in where.items()))
        return conn.execute(query.limit(1)).first() is not None

    def add_application(self, app_id: str, job_id: str | None, source: str | None, applied_at: datetime | None) -> None:
        with self.engine.begin() as conn:
            if not self._exists(conn, applications, id=app_id):
                conn.execute(
                    insert(applications).values(id=app_id, job_id=job_id, source=source, applied_at=applied_at)
                )

    def has_job(self, job_id: str) -> bool:
        with self.engine.connect() as conn:
            return self._exists(conn, jobs, id=job_id)

    def add_job(self, job_id: str, name: str | None, opened_at: datetime | None) -> None:
        with self.engine.begin() as conn:
            if not self._exists(conn, jobs, id=job_id):
                conn.execute(insert(jobs).values(id=job_id, name=name, opened_at=opened_at))

    def add_stage_change(
        self, app_id: str, stage: str, position: int | None, changed_at: datetime, received_at: datetime
    ) -> None:
        with self.engine.begin() as conn:
            if not self._exists(conn, stage_changes, application_id=app_id, stage=stage, changed_at=changed_at):
                conn.execute(
                    insert(stage_changes).values(
                        application_id=app_id,
                        stage=stage,
                        position=position,
                        changed_at=changed_at,
                        received_at=received_at,
                    )
                )

    def add_hire(self, app_id: str, job_id: str | None, hired_at: datetime) -> None:
        with self.engine.begin() as conn:
            if not self._exists(conn, hires, application_id=app_id):
                conn.execute(insert(hires).values(application_id=app_id, job_id=job_id, hired_at=hired_at))

    def set_offer(self, envelope_id: str, app_id: str, status: str, at: datetime) -> None:
        with self.engine.begin() as conn:
            if not self._exists(conn, offers, envelope_id=envelope_id):
                conn.execute(
                    insert(offers).values(envelope_id=envelope_id, application_id=app_id, status=status, sent_at=at)
                )
            elif status != "sent":
                conn.execute(
                    update(offers).where(offers.c.envelope_id == envelope_id).values(status=status, resolved_at=at)
                )

    def rows(self, table: Table, **where: Any) -> list[dict[str, Any]]:
        query = select(table).where(*(table.c[name] == value for name, value in where.items()))
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

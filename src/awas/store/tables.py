"""Foundation tables: reference data, organisations and users, the audit log, posts and findings.

Capabilities declare their own tables in their own package on this same `metadata` and create
them in their own Alembic branch (see migrations/README.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from awas.store.types import UTCDateTime, json_type

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)


class Base(DeclarativeBase):
    """Declarative base for capabilities that prefer ORM classes; shares `metadata`."""

    metadata = metadata


def provenance_columns() -> list[sa.Column[str]]:
    """Where a reference fact comes from and how sure it is (verified, sourced, conflict, unverified)."""
    return [
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(12), nullable=False, server_default="unverified"),
    ]


reference_packages = sa.Table(
    "reference_packages",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("province", sa.String(2), nullable=False),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("loaded_at", UTCDateTime, nullable=False),
    sa.Column("counts", json_type(), nullable=False),
)

regions = sa.Table(
    "regions",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("plain_code", sa.String(13), nullable=False, unique=True),
    sa.Column("level", sa.String(12), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("parent_code", sa.String(16), sa.ForeignKey("regions.code"), index=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geometry", json_type()),
)

region_stats = sa.Table(
    "region_stats",
    metadata,
    sa.Column("region_code", sa.String(16), sa.ForeignKey("regions.code"), primary_key=True),
    sa.Column("kecamatan", sa.Integer),
    sa.Column("desa", sa.Integer),
    sa.Column("tps", sa.Integer),
    sa.Column("dpt", sa.Integer),
    sa.Column("dpt_previous", sa.Integer),
    *provenance_columns(),
)

elections = sa.Table(
    "elections",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("region_code", sa.String(16), sa.ForeignKey("regions.code"), nullable=False, index=True),
    sa.Column("voting_date", sa.Date, nullable=False),
    sa.Column("sirekap_race", sa.String(8), nullable=False),
    sa.Column("sirekap_area", sa.String(13), nullable=False),
    sa.Column("tps_count", sa.Integer),
    sa.Column("dpt", sa.Integer),
    sa.Column("dpt_status", sa.String(12), nullable=False, server_default="unverified"),
    *provenance_columns(),
)

paslon = sa.Table(
    "paslon",
    metadata,
    sa.Column("id", sa.String(48), primary_key=True),
    sa.Column("election_id", sa.String(40), sa.ForeignKey("elections.id"), nullable=False),
    sa.Column("nomor_urut", sa.Integer, nullable=False),
    sa.Column("sirekap_id", sa.String(16), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kepala", sa.Text, nullable=False),
    sa.Column("wakil", sa.Text, nullable=False),
    sa.Column("short_name", sa.Text, nullable=False, server_default=""),
    sa.Column("kolom_kosong", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("color", sa.String(9), nullable=False, server_default=""),
    *provenance_columns(),
    sa.UniqueConstraint("election_id", "nomor_urut", name="uq_paslon_election_nomor"),
)

schedule_phases = sa.Table(
    "schedule_phases",
    metadata,
    sa.Column("stage", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("starts_at", UTCDateTime, nullable=False),
    sa.Column("ends_at", UTCDateTime, nullable=False),
    *provenance_columns(),
)

handlers = sa.Table(
    "handlers",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_until", sa.Date),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    *provenance_columns(),
)

violation_categories = sa.Table(
    "violation_categories",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("group", sa.String(32), nullable=False),
    sa.Column("default_track", sa.String(16), nullable=False),
    sa.Column("handler", sa.String(32), sa.ForeignKey("handlers.id"), nullable=False),
    sa.Column("legal_basis", json_type(), nullable=False),
    sa.Column("sanction", sa.Text, nullable=False, server_default=""),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    *provenance_columns(),
)

legal_clocks = sa.Table(
    "legal_clocks",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applies_to", sa.String(16), nullable=False),
    sa.Column("anchor", sa.String(32), nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("unit", sa.String(8), nullable=False),
    sa.Column("day_kind", sa.String(10), nullable=False),
    sa.Column("end_of_day", sa.Boolean, nullable=False),
    sa.Column("legal_basis", sa.Text, nullable=False),
    *provenance_columns(),
)

holidays = sa.Table(
    "holidays",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(24), nullable=False),
    *provenance_columns(),
)

ikp_baseline = sa.Table(
    "ikp_baseline",
    metadata,
    sa.Column("region_code", sa.String(16), sa.ForeignKey("regions.code"), primary_key=True),
    sa.Column("product", sa.String(64), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("category", sa.String(12), nullable=False),
    *provenance_columns(),
)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("region_code", sa.String(16), sa.ForeignKey("regions.code")),
    sa.Column("handler_id", sa.String(32), sa.ForeignKey("handlers.id")),
    sa.Column("task_force", sa.Boolean, nullable=False, server_default=sa.false()),
    *provenance_columns(),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("email", sa.Text),
    sa.Column("org_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False, index=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# Append-only: UPDATE and DELETE are refused by triggers created in the migration.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("object_type", sa.String(32), nullable=False),
    sa.Column("object_id", sa.String(128), nullable=False),
    sa.Column("org_id", sa.String(40)),
    sa.Column("details", json_type(), nullable=False),
    sa.Index("ix_audit_log_object", "object_type", "object_id"),
)

posts = sa.Table(
    "posts",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("post_id", sa.String(256), nullable=False),
    sa.Column("author_id", sa.String(256), nullable=False, index=True),
    sa.Column("author_handle", sa.String(256)),
    sa.Column("author_name", sa.Text),
    sa.Column("author_created_at", UTCDateTime),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
    sa.Column("url", sa.Text),
    sa.Column("urls", json_type(), nullable=False),
    sa.Column("hashtags", json_type(), nullable=False),
    sa.Column("mentions", json_type(), nullable=False),
    sa.Column("reply_to", sa.String(256)),
    sa.Column("repost_of", sa.String(256)),
    sa.Column("quote_of", sa.String(256)),
    sa.Column("media", json_type(), nullable=False),
    sa.Column("metrics", json_type(), nullable=False),
    sa.Column("lang", sa.String(16)),
    sa.Column("region_code", sa.String(16), index=True),
    sa.Column("raw", json_type(), nullable=False),
    sa.Column("raw_sha256", sa.String(64), nullable=False),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    # Work-queue stage (C11: the database is the default queue): new → detected → ...
    sa.Column("stage", sa.String(16), nullable=False, server_default="new"),
    sa.Column("stage_at", UTCDateTime),
    sa.UniqueConstraint("platform", "post_id", name="uq_posts_platform_post_id"),
    sa.Index("ix_posts_stage", "stage", "id"),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("subject_type", sa.String(16), nullable=False),
    sa.Column("subject_id", sa.String(256), nullable=False),
    sa.Column("post_pk", sa.BigInteger, sa.ForeignKey("posts.id", ondelete="CASCADE"), index=True),
    sa.Column("category", sa.String(40), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("detector", sa.String(64), nullable=False),
    sa.Column("detector_version", sa.String(64), nullable=False),
    sa.Column("evidence", json_type(), nullable=False),
    sa.Column("legal_basis", json_type(), nullable=False),
    sa.Column("handler", sa.String(32)),
    sa.Column("region_code", sa.String(16), index=True),
    sa.Column("election_id", sa.String(40)),
    sa.Column("paslon_id", sa.String(48)),
    sa.Column("details", json_type(), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, index=True),
    sa.Column("review_status", sa.String(12), nullable=False, server_default="open"),
    sa.Column("reviewed_by", sa.String(64)),
    sa.Column("reviewed_at", UTCDateTime),
    sa.Column("review_note", sa.Text),
    # One finding per subject, category and detector: a retried run updates, never duplicates.
    sa.UniqueConstraint("subject_type", "subject_id", "category", "detector", name="uq_findings_subject"),
)

campaign_accounts = sa.Table(
    "campaign_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("paslon_id", sa.String(48), sa.ForeignKey("paslon.id"), nullable=False, index=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("handle", sa.String(256), nullable=False),
    sa.Column("account_id", sa.String(256)),
    sa.Column("url", sa.Text),
    sa.Column("registered_at", UTCDateTime),
    sa.Column("deactivated_at", UTCDateTime),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("platform", "handle", name="uq_campaign_accounts_platform_handle"),
)

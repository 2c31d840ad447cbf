"""Foundation: reference data, organisations and users, audit log, posts, findings, campaign accounts.

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_foundation"
down_revision = None
branch_labels = ("foundation",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
# 64-bit ids on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER.
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

APPEND_ONLY_SQLITE = """
CREATE TRIGGER audit_log_no_{verb} BEFORE {verb_upper} ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
"""
APPEND_ONLY_PG_FUNCTION = """
CREATE FUNCTION awas_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
"""
APPEND_ONLY_PG_TRIGGER = """
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION awas_refuse_change()
"""


def upgrade() -> None:
    _create_tables()
    _make_audit_log_append_only()


def _make_audit_log_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(APPEND_ONLY_SQLITE.format(verb=verb, verb_upper=verb.upper()))
    else:
        op.execute(APPEND_ONLY_PG_FUNCTION)
        op.execute(APPEND_ONLY_PG_TRIGGER)


def _create_tables() -> None:
    # Rendered by Alembic autogenerate from awas/store/tables.py at this revision, then reviewed.
    op.create_table(
        "audit_log",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=128), nullable=False),
        sa.Column("org_id", sa.String(length=40), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_object", ["object_type", "object_id"], unique=False)

    op.create_table(
        "handlers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handlers")),
    )
    op.create_table(
        "holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holidays")),
    )
    op.create_table(
        "legal_clocks",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("applies_to", sa.String(length=16), nullable=False),
        sa.Column("anchor", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("day_kind", sa.String(length=10), nullable=False),
        sa.Column("end_of_day", sa.Boolean(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_clocks")),
    )
    op.create_table(
        "posts",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("post_id", sa.String(length=256), nullable=False),
        sa.Column("author_id", sa.String(length=256), nullable=False),
        sa.Column("author_handle", sa.String(length=256), nullable=True),
        sa.Column("author_name", sa.Text(), nullable=True),
        sa.Column("author_created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("urls", JSON, nullable=False),
        sa.Column("hashtags", JSON, nullable=False),
        sa.Column("mentions", JSON, nullable=False),
        sa.Column("reply_to", sa.String(length=256), nullable=True),
        sa.Column("repost_of", sa.String(length=256), nullable=True),
        sa.Column("quote_of", sa.String(length=256), nullable=True),
        sa.Column("media", JSON, nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=True),
        sa.Column("region_code", sa.String(length=16), nullable=True),
        sa.Column("raw", JSON, nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", sa.String(length=16), server_default="new", nullable=False),
        sa.Column("stage_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("platform", "post_id", name="uq_posts_platform_post_id"),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_region_code"), ["region_code"], unique=False)
        batch_op.create_index("ix_posts_stage", ["stage", "id"], unique=False)

    op.create_table(
        "reference_packages",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", JSON, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_reference_packages")),
    )
    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("plain_code", sa.String(length=13), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_code", sa.String(length=16), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geometry", JSON, nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["regions.code"], name=op.f("fk_regions_parent_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
        sa.UniqueConstraint("plain_code", name=op.f("uq_regions_plain_code")),
    )
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regions_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_regions_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "schedule_phases",
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("stage", name=op.f("pk_schedule_phases")),
    )
    op.create_table(
        "elections",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("voting_date", sa.Date(), nullable=False),
        sa.Column("sirekap_race", sa.String(length=8), nullable=False),
        sa.Column("sirekap_area", sa.String(length=13), nullable=False),
        sa.Column("tps_count", sa.Integer(), nullable=True),
        sa.Column("dpt", sa.Integer(), nullable=True),
        sa.Column("dpt_status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_elections_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
    )
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_elections_region_code"), ["region_code"], unique=False)

    op.create_table(
        "findings",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=256), nullable=False),
        sa.Column("post_pk", sa.BigInteger(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("detector", sa.String(length=64), nullable=False),
        sa.Column("detector_version", sa.String(length=64), nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("legal_basis", JSON, nullable=False),
        sa.Column("handler", sa.String(length=32), nullable=True),
        sa.Column("region_code", sa.String(length=16), nullable=True),
        sa.Column("election_id", sa.String(length=40), nullable=True),
        sa.Column("paslon_id", sa.String(length=48), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("review_status", sa.String(length=12), server_default="open", nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["post_pk"], ["posts.id"], name=op.f("fk_findings_post_pk_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("subject_type", "subject_id", "category", "detector", name="uq_findings_subject"),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_post_pk"), ["post_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_region_code"), ["region_code"], unique=False)

    op.create_table(
        "ikp_baseline",
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("product", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_ikp_baseline_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("region_code", "product", name=op.f("pk_ikp_baseline")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=True),
        sa.Column("handler_id", sa.String(length=32), nullable=True),
        sa.Column("task_force", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.ForeignKeyConstraint(
            ["handler_id"], ["handlers.id"], name=op.f("fk_organisations_handler_id_handlers")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_organisations_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    op.create_table(
        "region_stats",
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("kecamatan", sa.Integer(), nullable=True),
        sa.Column("desa", sa.Integer(), nullable=True),
        sa.Column("tps", sa.Integer(), nullable=True),
        sa.Column("dpt", sa.Integer(), nullable=True),
        sa.Column("dpt_previous", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_region_stats_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_region_stats")),
    )
    op.create_table(
        "violation_categories",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("default_track", sa.String(length=16), nullable=False),
        sa.Column("handler", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", JSON, nullable=False),
        sa.Column("sanction", sa.Text(), server_default="", nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.ForeignKeyConstraint(
            ["handler"], ["handlers.id"], name=op.f("fk_violation_categories_handler_handlers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation_categories")),
    )
    op.create_table(
        "paslon",
        sa.Column("id", sa.String(length=48), nullable=False),
        sa.Column("election_id", sa.String(length=40), nullable=False),
        sa.Column("nomor_urut", sa.Integer(), nullable=False),
        sa.Column("sirekap_id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kepala", sa.Text(), nullable=False),
        sa.Column("wakil", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), server_default="", nullable=False),
        sa.Column("kolom_kosong", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("color", sa.String(length=9), server_default="", nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_paslon_election_id_elections")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paslon")),
        sa.UniqueConstraint("election_id", "nomor_urut", name="uq_paslon_election_nomor"),
        sa.UniqueConstraint("sirekap_id", name=op.f("uq_paslon_sirekap_id")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("org_id", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name=op.f("fk_users_org_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_org_id"), ["org_id"], unique=False)

    op.create_table(
        "campaign_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("paslon_id", sa.String(length=48), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=256), nullable=False),
        sa.Column("account_id", sa.String(length=256), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["paslon_id"], ["paslon.id"], name=op.f("fk_campaign_accounts_paslon_id_paslon")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_accounts")),
        sa.UniqueConstraint("platform", "handle", name="uq_campaign_accounts_platform_handle"),
    )
    with op.batch_alter_table("campaign_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_accounts_paslon_id"), ["paslon_id"], unique=False)


TABLES = (
    "campaign_accounts",
    "findings",
    "posts",
    "users",
    "organisations",
    "ikp_baseline",
    "violation_categories",
    "paslon",
    "elections",
    "region_stats",
    "regions",
    "schedule_phases",
    "reference_packages",
    "legal_clocks",
    "holidays",
    "handlers",
    "audit_log",
)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS awas_refuse_change()")
    for table in TABLES:
        op.drop_table(table)

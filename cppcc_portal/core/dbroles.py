"""Two PostgreSQL roles: the owner (DATABASE_MIGRATE_URL: migrations, backups) owns every
table; the portal runs as a login role that owns nothing (DATABASE_URL), may read and write
rows but not change the schema, and may only append to the audit log — no UPDATE, DELETE,
TRUNCATE and, not being the owner, no DISABLE TRIGGER."""

from psycopg import sql

AUDIT_TABLE = "audit_auditentry"


def grant_runtime_role(cursor, *, role: str, password: str | None, database: str):
    """Create (or bring in line) the runtime role; run as the owner or a superuser."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
    options = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    if password:
        options = sql.SQL("{} PASSWORD {}").format(options, sql.Literal(password))
    ident = sql.Identifier(role)
    statements = [
        sql.SQL("ALTER ROLE {} ").format(ident) + options,
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), ident),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(ident),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            ident
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(
            ident
        ),
        # tables the owner creates later (the next migration) are granted the same way
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(ident),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
        ).format(ident),
    ]
    for statement in statements:
        cursor.execute(statement)
    cursor.execute("SELECT to_regclass(%s)", [AUDIT_TABLE])
    if cursor.fetchone()[0] is not None:
        cursor.execute(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(AUDIT_TABLE), ident
            )
        )

"""Per-person security in the database itself (hosted mode on PostgreSQL).

Every table that holds a person's data has FORCE ROW LEVEL SECURITY and a policy on the owning
profile, read from `backontrack.profile`: a setting the repository sets at the start of each
transaction (`set_config(..., true)`), never per connection, because pooled connections move
between people. A query with no profile set sees no rows, whatever its WHERE; a write for
another profile is refused by PostgreSQL. The app connects as a role that owns nothing, is no
superuser and cannot bypass the policies; the owner role runs the migrations.

Signing in is the one step that must find a row before a profile is known: a SECURITY DEFINER
function owned by the owner looks the account up by (issuer, subject), makes it and its profile
the first time, and writes the audit row.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from backontrack.store.schema import PERSONAL_TABLES

#: The transaction-local setting every policy reads.
PROFILE_SETTING = "backontrack.profile"
#: The app's own role, unless BACKONTRACK_APP_ROLE names another (`python -m backontrack migrate`).
DEFAULT_APP_ROLE = "backontrack_app"
#: Audit events: who did what and when, never what they entered.
AUDIT_EVENTS = ("sign-in", "export", "import", "delete")

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _check_role(app_role: str) -> None:
    """The role name goes into GRANT statements as written: only a plain name may."""
    if not _ROLE_NAME.match(app_role):
        raise ValueError(f"BACKONTRACK_APP_ROLE must be a plain lower-case role name, not {app_role!r}")


def set_profile(conn: Connection, profile_id: int) -> None:
    """Scope this transaction to one person's rows (PostgreSQL; SQLite has no row security)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT set_config(:name, :value, true)"),
            {"name": PROFILE_SETTING, "value": str(profile_id)},
        )


def statements(app_role: str) -> list[str]:
    """The SQL that turns row security on and gives the app role only what it needs."""
    _check_role(app_role)
    own = "backontrack_profile()"
    sql = [
        f"""CREATE FUNCTION backontrack_profile() RETURNS integer LANGUAGE sql STABLE AS
        $$ SELECT NULLIF(current_setting('{PROFILE_SETTING}', true), '')::integer $$""",
    ]
    for table in (*PERSONAL_TABLES, "accounts", "audit"):  # sign_outs: revision 0005
        sql += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        ]
    sql += [
        f"CREATE POLICY own_profile ON profiles USING (id = {own}) WITH CHECK (id = {own})",
        *(
            f"CREATE POLICY own_rows ON {table} USING (profile_id = {own}) WITH CHECK (profile_id = {own})"
            for table in PERSONAL_TABLES[1:]
        ),
        f"CREATE POLICY own_account ON accounts USING (profile_id = {own}) WITH CHECK (profile_id = {own})",
        # Only the owner (the sign-in function below, and operators) may find an account by identity.
        "CREATE POLICY owner_finds_accounts ON accounts TO CURRENT_USER USING (true) WITH CHECK (true)",
        f"CREATE POLICY write_own_audit ON audit FOR INSERT WITH CHECK (profile_id = {own})",
        "CREATE POLICY owner_reads_audit ON audit FOR SELECT TO CURRENT_USER USING (true)",
        f"""CREATE FUNCTION backontrack_sign_in(p_issuer text, p_subject text) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            pid integer;
        BEGIN
            SELECT profile_id INTO pid FROM accounts WHERE issuer = p_issuer AND subject = p_subject;
            IF pid IS NULL THEN
                pid := nextval(pg_get_serial_sequence('profiles', 'id'));
                PERFORM set_config('{PROFILE_SETTING}', pid::text, true);
                INSERT INTO profiles (id, created_at, data_version) VALUES (pid, now(), 0);
                INSERT INTO accounts (issuer, subject, profile_id, created_at, signed_in_at)
                    VALUES (p_issuer, p_subject, pid, now(), now())
                    ON CONFLICT (issuer, subject) DO NOTHING;
                IF NOT FOUND THEN  -- the same person signed in on another process at this moment
                    DELETE FROM profiles WHERE id = pid;
                    SELECT profile_id INTO pid FROM accounts
                        WHERE issuer = p_issuer AND subject = p_subject;
                END IF;
            ELSE
                UPDATE accounts SET signed_in_at = now() WHERE profile_id = pid;
            END IF;
            PERFORM set_config('{PROFILE_SETTING}', pid::text, true);
            INSERT INTO audit (at, profile_id, event) VALUES (now(), pid, 'sign-in');
            RETURN pid;
        END $$""",
        "REVOKE ALL ON FUNCTION backontrack_sign_in(text, text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION backontrack_sign_in(text, text) TO {app_role}",
        # The app reads and changes a person's own rows; profiles are made only by signing in.
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON checks, plans, daily_logs TO {app_role}",
        f"GRANT SELECT, UPDATE, DELETE ON profiles TO {app_role}",
        f"GRANT SELECT, DELETE ON accounts TO {app_role}",
        f"GRANT INSERT ON audit TO {app_role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app_role}",
        f"GRANT SELECT ON alembic_version TO {app_role}",  # readiness compares the migration level
    ]
    return sql


def role_problems(conn: Connection) -> list[str]:
    """Why the connected role must not serve people (empty when it is fit to): readiness asks this."""
    if conn.dialect.name != "postgresql":
        return []
    problems = []
    superuser, bypass = conn.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
    ).one()
    if superuser or bypass:
        problems.append("the app's database role is a superuser or bypasses row-level security")
    owners = conn.scalars(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
    ).all()
    if owners:
        problems.append(
            f"the app's database role owns tables ({', '.join(sorted(owners))}); use the app role"
        )
    if conn.scalar(text("SELECT has_schema_privilege(current_user, 'public', 'CREATE')")):
        problems.append("the app's database role can change the schema (CREATE on schema public)")
    unforced = conn.scalars(
        text(
            "SELECT relname FROM pg_class WHERE relname = ANY(:tables) AND relkind = 'r' "
            "AND NOT (relrowsecurity AND relforcerowsecurity)"
        ),
        {"tables": [*PERSONAL_TABLES, "accounts", "audit", "sign_outs"]},
    ).all()
    if unforced:
        problems.append(f"row-level security is not forced on {', '.join(sorted(unforced))}")
    return problems


#: A sign-out time may lie this far ahead of the database's clock (the provider's clock may run ahead:
#: accounts.CLOCK_SKEW); never further.
SIGN_OUT_SKEW = "5 minutes"
#: Sign-outs older than the longest session the app allows (BACKONTRACK_SESSION_HOURS at most 720)
#: can refuse nothing: they are deleted.
SIGN_OUT_KEPT = "30 days"


def sign_out_limit_statements(app_role: str) -> list[str]:
    """Revision 0006: the app's role asks whether a sign-in was ended (each open tab, each action); a
    sign-out is capped at now and kept only while it can matter."""
    _check_role(app_role)
    return [
        """CREATE FUNCTION backontrack_signed_out_since(p_issuer text, p_subject text, p_at timestamptz)
        RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
            SELECT p_at IS NULL OR EXISTS (
                SELECT 1 FROM sign_outs WHERE issuer = p_issuer AND subject = p_subject AND at >= p_at
            )
        $$""",
        f"""CREATE OR REPLACE FUNCTION backontrack_sign_out(p_issuer text, p_subject text, p_at timestamptz)
        RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
            DELETE FROM sign_outs WHERE at < now() - interval '{SIGN_OUT_KEPT}';
            INSERT INTO sign_outs (issuer, subject, at)
            VALUES (p_issuer, p_subject, LEAST(p_at, now() + interval '{SIGN_OUT_SKEW}'))
            ON CONFLICT (issuer, subject) DO UPDATE SET at = GREATEST(sign_outs.at, EXCLUDED.at)
        $$""",
        "REVOKE ALL ON FUNCTION backontrack_signed_out_since(text, text, timestamptz) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION backontrack_signed_out_since(text, text, timestamptz) TO {app_role}",
    ]


def sign_out_statements(app_role: str) -> list[str]:
    """Revision 0005: sign-ins from before the identity's last sign-out or deletion are refused.

    The sign-outs table is the owner's alone (row security with no policy for anyone else);
    the app reaches it only through the two SECURITY DEFINER functions.
    """
    _check_role(app_role)
    return [
        "ALTER TABLE sign_outs ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE sign_outs FORCE ROW LEVEL SECURITY",
        "CREATE POLICY owner_only ON sign_outs TO CURRENT_USER USING (true) WITH CHECK (true)",
        f"""CREATE FUNCTION backontrack_sign_in_since(p_issuer text, p_subject text, p_at timestamptz)
        RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            pid integer;
            last timestamptz;
        BEGIN
            IF p_at IS NULL OR EXISTS (
                SELECT 1 FROM sign_outs WHERE issuer = p_issuer AND subject = p_subject AND at >= p_at
            ) THEN
                RETURN NULL;  -- a copy of a sign-in that was ended
            END IF;
            SELECT profile_id, signed_in_at INTO pid, last FROM accounts
                WHERE issuer = p_issuer AND subject = p_subject;
            IF pid IS NULL THEN  -- a new account (audited there), dated by the provider's clock
                pid := backontrack_sign_in(p_issuer, p_subject);
                UPDATE accounts SET signed_in_at = p_at WHERE profile_id = pid;
                RETURN pid;
            END IF;
            -- Each browser session asks again; only a new sign-in goes into the audit.
            IF last IS NULL OR p_at > last THEN
                PERFORM set_config('{PROFILE_SETTING}', pid::text, true);
                UPDATE accounts SET signed_in_at = p_at WHERE profile_id = pid;
                INSERT INTO audit (at, profile_id, event) VALUES (now(), pid, 'sign-in');
            END IF;
            RETURN pid;
        END $$""",
        # The sign-in time being ended, on the identity provider's clock like every time it is
        # compared with: no skew between the provider, the app and the database can let a copy in.
        """CREATE FUNCTION backontrack_sign_out(p_issuer text, p_subject text, p_at timestamptz)
        RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
            INSERT INTO sign_outs (issuer, subject, at) VALUES (p_issuer, p_subject, p_at)
            ON CONFLICT (issuer, subject) DO UPDATE SET at = GREATEST(sign_outs.at, EXCLUDED.at)
        $$""",
        "REVOKE ALL ON FUNCTION backontrack_sign_in_since(text, text, timestamptz) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION backontrack_sign_out(text, text, timestamptz) FROM PUBLIC",
        f"REVOKE EXECUTE ON FUNCTION backontrack_sign_in(text, text) FROM {app_role}",
        f"GRANT EXECUTE ON FUNCTION backontrack_sign_in_since(text, text, timestamptz) TO {app_role}",
        f"GRANT EXECUTE ON FUNCTION backontrack_sign_out(text, text, timestamptz) TO {app_role}",
    ]

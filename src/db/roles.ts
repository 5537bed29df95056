/**
 * Least privilege: the SQL an administrator runs once (`qrv db roles | psql "$ADMIN_URL"`) to
 * create the two roles. The owner role runs `qrv migrate` and owns every table; the runtime
 * role (the bot, QRV_MIGRATE_ON_START=false) gets DML only: no TRUNCATE, no DDL, and since it
 * owns nothing it can neither disable triggers nor alter tables. history gets SELECT and INSERT
 * only. The runtime role owns the job queue's own schema (pgboss), which pg-boss installs and
 * manages itself at start-up (CREATE on the database is for that — PostgreSQL checks it even for
 * CREATE SCHEMA IF NOT EXISTS — as it is for the owner's drizzle schema); it creates nothing in public.
 * Passwords are not part of the output: set them with `\password` in psql. Re-running is safe.
 */
export interface RolesSqlInput {
  database: string;
  owner: string;
  runtime: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function databaseRolesSql({ database, owner, runtime }: RolesSqlInput): string {
  for (const [what, name] of [['database', database], ['owner role', owner], ['runtime role', runtime]] as const) {
    if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must be a lower-case SQL identifier (a-z, 0-9, _)`);
  }
  if (owner === runtime) throw new Error('the owner and runtime roles must differ');
  return `-- QRV ops bot: database roles for ${database} (run as an administrator; safe to re-run)
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${owner}') THEN CREATE ROLE ${owner} LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${runtime}') THEN CREATE ROLE ${runtime} LOGIN; END IF;
END $$;
ALTER ROLE ${runtime} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${owner}, ${runtime};
GRANT CREATE ON DATABASE ${database} TO ${owner}, ${runtime};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO ${owner};
GRANT USAGE ON SCHEMA public TO ${runtime};
-- The owner role owns every table already there (e.g. migrated before these roles existed).
DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE public.%I OWNER TO ${owner}', t.tablename);
  END LOOP;
END $$;
CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION ${owner};
ALTER SCHEMA drizzle OWNER TO ${owner};
DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'drizzle' LOOP
    EXECUTE format('ALTER TABLE drizzle.%I OWNER TO ${owner}', t.tablename);
  END LOOP;
END $$;
-- The job queue (pg-boss) manages its own schema at start-up: it belongs to the runtime role.
CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION ${runtime};
ALTER SCHEMA pgboss OWNER TO ${runtime};
-- DML only, now and for tables later migrations create.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${runtime};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${runtime};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${runtime};
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${runtime};
-- The audit trail: read and append, nothing else.
DO $$ BEGIN
  IF to_regclass('public.history') IS NOT NULL THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON public.history FROM ${runtime};
  END IF;
END $$;
`;
}

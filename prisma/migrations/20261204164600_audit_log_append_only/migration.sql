-- Hand-written: the audit log is append-only. Prisma's datamodel cannot say
-- so, so this lives outside schema.prisma and the diff never touches it.
-- Statement-level triggers refuse even an UPDATE or DELETE that matches no
-- row, so a wrong WHERE clause fails loudly instead of passing silently.

CREATE FUNCTION "cellplane_audit_log_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Record a new audit entry instead of changing or removing one.';
END;
$$;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE OR TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "cellplane_audit_log_refuse_change"();

-- alerts.details larger than 64 KiB is stored truncated, with a note. The QRV core inserts rows
-- directly, so only a trigger catches every path. Keys are kept in order while they fit in
-- 48 KiB: strings cut to 2,000 characters, other values kept only when small.
CREATE OR REPLACE FUNCTION qrv_cap_alert_details() RETURNS trigger AS $$
DECLARE
  size integer := octet_length(NEW.details::text);
  kept jsonb := '{}'::jsonb;
  used integer := 0;
  k text;
  v jsonb;
  item jsonb;
BEGIN
  IF size <= 65536 THEN
    RETURN NEW;
  END IF;
  IF jsonb_typeof(NEW.details) = 'object' THEN
    FOR k, v IN SELECT key, value FROM jsonb_each(NEW.details) LOOP
      IF jsonb_typeof(v) = 'string' THEN
        item := jsonb_build_object(left(k, 200), left(v #>> '{}', 2000));
      ELSIF octet_length(v::text) <= 2000 THEN
        item := jsonb_build_object(left(k, 200), v);
      ELSE
        CONTINUE;
      END IF;
      used := used + octet_length(item::text);
      EXIT WHEN used > 49152;
      kept := kept || item;
    END LOOP;
  END IF;
  NEW.details := kept || jsonb_build_object('_truncated', jsonb_build_object('original_bytes', size, 'note', 'details exceeded 64 KiB and were truncated'));
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER alerts_cap_details BEFORE INSERT OR UPDATE OF details ON alerts
  FOR EACH ROW EXECUTE FUNCTION qrv_cap_alert_details();
--> statement-breakpoint
-- history is append-only (0001): TRUNCATE is refused too, whoever runs it. The runtime role
-- is never granted TRUNCATE and does not own the table, so it can neither truncate it nor
-- disable these triggers (see `qrv db roles`).
CREATE OR REPLACE FUNCTION qrv_history_no_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'history is append-only: TRUNCATE is refused';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON history
  FOR EACH STATEMENT EXECUTE FUNCTION qrv_history_no_truncate();
--> statement-breakpoint
REVOKE TRUNCATE ON history FROM PUBLIC;

-- The compare-and-set expectation: the reservation's status at the moment the core raised the alert.
CREATE OR REPLACE FUNCTION qrv_alert_expected_status() RETURNS trigger AS $$
BEGIN
  IF NEW.expected_status IS NULL AND NEW.reservation_id IS NOT NULL THEN
    SELECT status INTO NEW.expected_status FROM reservations WHERE id = NEW.reservation_id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER alerts_expected_status BEFORE INSERT ON alerts
  FOR EACH ROW EXECUTE FUNCTION qrv_alert_expected_status();
--> statement-breakpoint
-- Wake the bot as soon as the core's insert commits (polling is the fallback).
CREATE OR REPLACE FUNCTION qrv_alert_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('qrv_alert', NEW.id::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER alerts_notify AFTER INSERT ON alerts
  FOR EACH ROW EXECUTE FUNCTION qrv_alert_notify();
--> statement-breakpoint
-- History is append-only.
CREATE OR REPLACE FUNCTION qrv_history_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'history is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
  FOR EACH ROW EXECUTE FUNCTION qrv_history_append_only();

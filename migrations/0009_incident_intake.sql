ALTER TABLE "alerts" ADD COLUMN "ingest_key" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "ingest_check" text;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_ingest_key_uq" ON "alerts" USING btree ("ingest_key");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_ingest_check_open_uq" ON "alerts" USING btree ("ingest_check") WHERE "alerts"."resolved_at" is null;
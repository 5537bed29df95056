CREATE TABLE "incident_steps" (
	"incident_id" bigint NOT NULL,
	"step" text NOT NULL,
	"due_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"done_by" text,
	"note" text,
	"reminded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "severity" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "commander" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "alert_id" bigint;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "slack_channel" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "slack_ts" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "ended_by" text;--> statement-breakpoint
ALTER TABLE "incident_steps" ADD CONSTRAINT "incident_steps_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_steps_uq" ON "incident_steps" USING btree ("incident_id","step");--> statement-breakpoint
CREATE INDEX "incident_steps_due_idx" ON "incident_steps" USING btree ("due_at") WHERE "incident_steps"."done_at" is null and "incident_steps"."reminded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_alert_uq" ON "incidents" USING btree ("alert_id");--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_severity" CHECK ("incidents"."severity" in ('critical','high'));
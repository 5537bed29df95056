CREATE TABLE "incident_alerts" (
	"incident_id" bigint NOT NULL,
	"alert_id" bigint NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"noted_at" timestamp with time zone,
	CONSTRAINT "incident_alerts_incident_id_alert_id_pk" PRIMARY KEY("incident_id","alert_id")
);
--> statement-breakpoint
ALTER TABLE "incident_steps" ADD COLUMN "link" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "permalink" text;--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_alerts" ADD CONSTRAINT "incident_alerts_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;
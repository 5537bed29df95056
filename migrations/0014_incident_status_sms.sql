ALTER TABLE "incidents" ADD COLUMN "status_sms_reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "incident_id" bigint;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbound_messages_incident_idx" ON "outbound_messages" USING btree ("incident_id") WHERE "outbound_messages"."incident_id" is not null;
ALTER TABLE "outbound_messages" DROP CONSTRAINT "outbound_messages_status";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "delivery_state" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "delivery_error" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "duplicate_of" bigint;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "repeats" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_delivery_state" CHECK ("alerts"."delivery_state" in ('sending','delivered','failed'));--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_status" CHECK ("outbound_messages"."status" in ('pending','sending','sent','failed','replaced'));
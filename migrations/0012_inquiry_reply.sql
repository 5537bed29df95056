ALTER TABLE "outbound_messages" ADD COLUMN "in_reply_to" text;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "references" text;
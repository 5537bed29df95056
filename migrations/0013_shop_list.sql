ALTER TABLE "shops" ADD COLUMN "excluded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shops" ADD COLUMN "excluded_by" text;--> statement-breakpoint
CREATE INDEX "shops_unlisted_idx" ON "shops" USING btree ("created_at") WHERE "shops"."listed" = false;
ALTER TABLE "inbox" ADD COLUMN "payload" jsonb;--> statement-breakpoint
CREATE INDEX "inbox_unhandled_idx" ON "inbox" USING btree ("received_at") WHERE "inbox"."handled_at" is null;
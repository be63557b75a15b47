CREATE TABLE "pending_choices" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"room_id" text,
	"room_topic" text,
	"sender_id" text NOT NULL,
	"sender_name" text NOT NULL,
	"message" jsonb NOT NULL,
	"document_ids" integer[] NOT NULL,
	"asked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pending_choices" ADD CONSTRAINT "pending_choices_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_choices_sender_idx" ON "pending_choices" USING btree ("office_id","sender_id");
CREATE TABLE "chat_import_waits" (
	"id" serial PRIMARY KEY NOT NULL,
	"room_id" text,
	"room_topic" text,
	"sender_id" text NOT NULL,
	"sender_name" text NOT NULL,
	"command_dry_run" boolean,
	"command_at" timestamp with time zone,
	"file_path" text,
	"file_name" text,
	"file_at" timestamp with time zone,
	"diff_shown" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chat_import_waits_sender_idx" ON "chat_import_waits" USING btree ("sender_name");
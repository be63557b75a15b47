CREATE TABLE "offices" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"place" text NOT NULL,
	"level" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- An existing ledger becomes office 1: the county its directory was seeded with (settings.county).
INSERT INTO "offices" ("id", "name", "place", "level", "prefix")
SELECT 1, c.place || '人民政府办公室', c.place, coalesce(nullif(right(c.place, 1), ''), '县'), coalesce(nullif(right(c.place, 1), ''), '县')
  FROM (SELECT coalesce((SELECT "value" FROM "settings" WHERE "key" = 'county'), '') AS place) c
 WHERE EXISTS (SELECT 1 FROM "settings") OR EXISTS (SELECT 1 FROM "units") OR EXISTS (SELECT 1 FROM "documents")
    OR EXISTS (SELECT 1 FROM "rooms") OR EXISTS (SELECT 1 FROM "liaisons") OR EXISTS (SELECT 1 FROM "admins")
    OR EXISTS (SELECT 1 FROM "inbox") OR EXISTS (SELECT 1 FROM "outbox");--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('offices', 'id'), greatest((SELECT max("id") FROM "offices"), 1), (SELECT count(*) > 0 FROM "offices"));--> statement-breakpoint
ALTER TABLE "admins" DROP CONSTRAINT "admins_contact_id_unique";--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_document_key_unique";--> statement-breakpoint
ALTER TABLE "inbox" DROP CONSTRAINT "inbox_message_id_unique";--> statement-breakpoint
ALTER TABLE "liaisons" DROP CONSTRAINT "liaisons_contact_id_unique";--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_dedupe_key_unique";--> statement-breakpoint
ALTER TABLE "rooms" DROP CONSTRAINT "rooms_topic_unique";--> statement-breakpoint
ALTER TABLE "unit_groups" DROP CONSTRAINT "unit_groups_name_unique";--> statement-breakpoint
ALTER TABLE "unit_roles" DROP CONSTRAINT "unit_roles_name_unique";--> statement-breakpoint
ALTER TABLE "units" DROP CONSTRAINT "units_name_unique";--> statement-breakpoint
DROP INDEX "outbox_due_idx";--> statement-breakpoint
DROP INDEX "progress_reports_liaison_reported_idx";--> statement-breakpoint
ALTER TABLE "admins" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "admins" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "chat_import_waits" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_import_waits" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
-- Existing documents are named 文件N until the assistant names them from their titles at start-up.
ALTER TABLE "documents" ADD COLUMN "short_name" text;--> statement-breakpoint
UPDATE "documents" SET "short_name" = '文件' || "id";--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "short_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbox" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "liaisons" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "liaisons" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "progress_reports" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "settings" DROP CONSTRAINT "settings_pkey";--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_office_id_key_pk" PRIMARY KEY("office_id","key");--> statement-breakpoint

ALTER TABLE "tasks" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "unit_groups" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_groups" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "unit_roles" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "unit_roles" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "office_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "office_id" DROP DEFAULT;--> statement-breakpoint
CREATE UNIQUE INDEX "offices_place_key" ON "offices" USING btree ("place");--> statement-breakpoint
CREATE UNIQUE INDEX "offices_name_key" ON "offices" USING btree ("name");--> statement-breakpoint
ALTER TABLE "admins" ADD CONSTRAINT "admins_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_import_waits" ADD CONSTRAINT "chat_import_waits_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox" ADD CONSTRAINT "inbox_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaisons" ADD CONSTRAINT "liaisons_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_groups" ADD CONSTRAINT "unit_groups_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_roles" ADD CONSTRAINT "unit_roles_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "admins_office_contact_key" ON "admins" USING btree ("office_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_office_key" ON "documents" USING btree ("office_id","document_key");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_office_short_name_key" ON "documents" USING btree ("office_id","short_name");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_office_message_key" ON "inbox" USING btree ("office_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "liaisons_office_contact_key" ON "liaisons" USING btree ("office_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_office_dedupe_key" ON "outbox" USING btree ("office_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_office_topic_key" ON "rooms" USING btree ("office_id","topic");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_groups_office_name_key" ON "unit_groups" USING btree ("office_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_roles_office_name_key" ON "unit_roles" USING btree ("office_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "units_office_name_key" ON "units" USING btree ("office_id","name");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("office_id","planned_for") WHERE "outbox"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "progress_reports_liaison_reported_idx" ON "progress_reports" USING btree ("office_id","liaison_contact_id","reported_at" DESC NULLS LAST);
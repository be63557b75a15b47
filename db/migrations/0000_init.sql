CREATE TABLE "admins" (
	"id" serial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"name" text NOT NULL,
	"alias" text,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admins_contact_id_unique" UNIQUE("contact_id")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"role" text NOT NULL,
	"target_type" text NOT NULL,
	"target" text NOT NULL,
	CONSTRAINT "assignments_role_check" CHECK ("assignments"."role" in ('lead', 'responsible', 'guide', 'support')),
	CONSTRAINT "assignments_target_type_check" CHECK ("assignments"."target_type" in ('unit', 'group', 'role'))
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_key" text NOT NULL,
	"title" text,
	"issuer" text,
	"issued_on" date,
	"source_name" text NOT NULL,
	"content_hash" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_document_key_unique" UNIQUE("document_key")
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"room_id" text,
	"room_topic" text,
	"sender_id" text NOT NULL,
	"sender_name" text NOT NULL,
	"text" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"handled_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "inbox_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "liaisons" (
	"id" serial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"name" text NOT NULL,
	"alias" text,
	"unit" text NOT NULL,
	"bound_by" text,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "liaisons_contact_id_unique" UNIQUE("contact_id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"room_id" text,
	"room_topic" text,
	"text" text NOT NULL,
	"mention_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"file_path" text,
	"planned_for" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"unit" text NOT NULL,
	"status" text NOT NULL,
	"percent" integer,
	"note" text,
	"expected_date" date,
	"liaison_contact_id" text NOT NULL,
	"liaison_name" text NOT NULL,
	"source_message_id" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "progress_reports_status_check" CHECK ("progress_reports"."status" in ('done', 'in_progress', 'not_started', 'blocked')),
	CONSTRAINT "progress_reports_percent_check" CHECK ("progress_reports"."percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "report_evidence" (
	"id" serial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"stored_path" text,
	"source_message_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_evidence_kind_check" CHECK ("report_evidence"."kind" in ('image', 'file'))
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" serial PRIMARY KEY NOT NULL,
	"wechat_id" text NOT NULL,
	"topic" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_topic_unique" UNIQUE("topic")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL,
	"number" integer NOT NULL,
	"section" text,
	"subsection" text,
	"text" text NOT NULL,
	"deadline_kind" text NOT NULL,
	"deadline_text" text,
	"deadline_date" date,
	"deadline_every" text,
	"units_inherited_from" integer,
	"removed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_deadline_kind_check" CHECK ("tasks"."deadline_kind" in ('date', 'recurring', 'ongoing', 'relative', 'none'))
);
--> statement-breakpoint
CREATE TABLE "unit_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "unit_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "unit_roles" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	CONSTRAINT "unit_roles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by_import" boolean DEFAULT false NOT NULL,
	"confirmed" boolean DEFAULT true NOT NULL,
	CONSTRAINT "units_name_unique" UNIQUE("name"),
	CONSTRAINT "units_kind_check" CHECK ("units"."kind" in ('dept', 'vertical', 'town', 'farm', 'party', 'enterprise', 'other'))
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_evidence" ADD CONSTRAINT "report_evidence_report_id_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."progress_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_task_role_target_key" ON "assignments" USING btree ("task_id","role","target_type","target");--> statement-breakpoint
CREATE INDEX "assignments_target_idx" ON "assignments" USING btree ("target_type","target");--> statement-breakpoint
CREATE INDEX "inbox_received_at_idx" ON "inbox" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "liaisons_unit_idx" ON "liaisons" USING btree ("unit");--> statement-breakpoint
CREATE INDEX "liaisons_alias_idx" ON "liaisons" USING btree ("alias");--> statement-breakpoint
CREATE INDEX "liaisons_name_idx" ON "liaisons" USING btree ("name");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("planned_for") WHERE "outbox"."sent_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "progress_reports_source_task_unit_key" ON "progress_reports" USING btree ("source_message_id","task_id","unit");--> statement-breakpoint
CREATE INDEX "progress_reports_task_unit_reported_idx" ON "progress_reports" USING btree ("task_id","unit","reported_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "progress_reports_liaison_reported_idx" ON "progress_reports" USING btree ("liaison_contact_id","reported_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "report_evidence_report_source_key" ON "report_evidence" USING btree ("report_id","source_message_id");--> statement-breakpoint
CREATE INDEX "rooms_wechat_id_idx" ON "rooms" USING btree ("wechat_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_document_number_key" ON "tasks" USING btree ("document_id","number");
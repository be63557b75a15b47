CREATE TABLE "progress_latest" (
	"task_id" integer NOT NULL,
	"unit" text NOT NULL,
	"report_id" integer NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "progress_latest_task_id_unit_pk" PRIMARY KEY("task_id","unit")
);
--> statement-breakpoint
ALTER TABLE "progress_latest" ADD CONSTRAINT "progress_latest_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_latest" ADD CONSTRAINT "progress_latest_report_id_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."progress_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Backfill from the reports already in the ledger (the same order latest() used).
INSERT INTO "progress_latest" ("task_id", "unit", "report_id", "reported_at")
SELECT DISTINCT ON ("task_id", "unit") "task_id", "unit", "id", "reported_at"
  FROM "progress_reports"
 WHERE "revoked_at" IS NULL
 ORDER BY "task_id", "unit", "reported_at" DESC, "id" DESC;
--> statement-breakpoint
ANALYZE "progress_latest";

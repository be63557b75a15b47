CREATE TABLE "closure_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" integer NOT NULL,
	"task_id" integer NOT NULL,
	"unit" text NOT NULL,
	"report_id" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "closure_reviews_state_check" CHECK ("closure_reviews"."state" in ('pending', 'closed', 'returned'))
);
--> statement-breakpoint
ALTER TABLE "closure_reviews" ADD CONSTRAINT "closure_reviews_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_reviews" ADD CONSTRAINT "closure_reviews_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closure_reviews" ADD CONSTRAINT "closure_reviews_report_id_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."progress_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "closure_reviews_open_key" ON "closure_reviews" USING btree ("office_id","task_id","unit") WHERE "closure_reviews"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "closure_reviews_report_idx" ON "closure_reviews" USING btree ("report_id");
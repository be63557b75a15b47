CREATE TABLE "task_former_units" (
	"task_id" integer NOT NULL,
	"unit" text NOT NULL,
	"role" text NOT NULL,
	"dropped_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_former_units_task_id_unit_pk" PRIMARY KEY("task_id","unit")
);
--> statement-breakpoint
DROP INDEX "tasks_document_number_key";--> statement-breakpoint
ALTER TABLE "report_evidence" ADD COLUMN "size_bytes" integer;--> statement-breakpoint
ALTER TABLE "task_former_units" ADD CONSTRAINT "task_former_units_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_document_number_key" ON "tasks" USING btree ("document_id","number") WHERE "tasks"."removed_at" is null;
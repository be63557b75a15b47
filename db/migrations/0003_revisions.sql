DROP INDEX "tasks_document_number_key";--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_document_number_key" ON "tasks" USING btree ("document_id","number") WHERE "tasks"."removed_at" is null;
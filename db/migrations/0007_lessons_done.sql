ALTER TABLE "enrolments" ADD COLUMN "lessons_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "enrolments" e SET "lessons_done" = (SELECT count(*)::int FROM "lesson_progress" lp WHERE lp."course_id" = e."course_id" AND lp."user_id" = e."user_id" AND lp."completed_at" IS NOT NULL);

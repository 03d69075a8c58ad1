CREATE TYPE "public"."assessment_kind" AS ENUM('baseline', 'midline', 'endline', 'other');--> statement-breakpoint
CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'completed');--> statement-breakpoint
CREATE TABLE "assessment_answers" (
	"assessment_id" uuid NOT NULL,
	"question_key" text NOT NULL,
	"area_key" text NOT NULL,
	"score" smallint NOT NULL,
	"evidence" text,
	"comment" text,
	CONSTRAINT "assessment_answers_assessment_id_question_key_pk" PRIMARY KEY("assessment_id","question_key"),
	CONSTRAINT "assessment_answers_score_range" CHECK ("assessment_answers"."score" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "assessment_kind" NOT NULL,
	"conducted_on" date NOT NULL,
	"conducted_by_id" uuid,
	"status" "assessment_status" DEFAULT 'draft' NOT NULL,
	"proposed_stage" text,
	"confirmed_stage" text,
	"override_reason" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stage_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"from_stage" text NOT NULL,
	"to_stage" text NOT NULL,
	"assessment_id" uuid,
	"reason" text,
	"evidence" text,
	"changed_by_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_conducted_by_id_users_id_fk" FOREIGN KEY ("conducted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_history" ADD CONSTRAINT "stage_history_changed_by_id_users_id_fk" FOREIGN KEY ("changed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_answers_area_idx" ON "assessment_answers" USING btree ("assessment_id","area_key");--> statement-breakpoint
CREATE INDEX "assessments_org_idx" ON "assessments" USING btree ("organisation_id","conducted_on");--> statement-breakpoint
CREATE INDEX "assessments_conducted_by_idx" ON "assessments" USING btree ("conducted_by_id");--> statement-breakpoint
CREATE INDEX "assessments_status_idx" ON "assessments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "stage_history_org_idx" ON "stage_history" USING btree ("organisation_id","changed_at");--> statement-breakpoint
CREATE INDEX "stage_history_assessment_idx" ON "stage_history" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "stage_history_changed_by_idx" ON "stage_history" USING btree ("changed_by_id");
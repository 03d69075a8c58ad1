CREATE TYPE "public"."consultation_status" AS ENUM('open', 'scheduled', 'answered', 'held', 'closed', 'declined');--> statement-breakpoint
CREATE TYPE "public"."consultation_topic" AS ENUM('legal', 'accounting', 'fundraising', 'pr', 'services', 'other');--> statement-breakpoint
CREATE TYPE "public"."consultation_urgency" AS ENUM('low', 'normal', 'urgent');--> statement-breakpoint
CREATE TYPE "public"."mentorship_side" AS ENUM('mentor', 'centre');--> statement-breakpoint
CREATE TYPE "public"."mentorship_status" AS ENUM('active', 'completed', 'ended');--> statement-breakpoint
CREATE TYPE "public"."plan_task_status" AS ENUM('todo', 'in_progress', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."practice_decision" AS ENUM('selected', 'rejected', 'needs_evidence');--> statement-breakpoint
CREATE TYPE "public"."practice_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."transfer_step" AS ENUM('identified', 'studied', 'adapted', 'piloted', 'implemented', 'sustained', 'stopped');--> statement-breakpoint
CREATE TYPE "public"."indicator_source" AS ENUM('computed', 'manual');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TABLE "consultation_action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"text" text NOT NULL,
	"task_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"event" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"programme_id" uuid,
	"mentor_organisation_id" uuid,
	"requested_by_id" uuid,
	"topic" "consultation_topic" NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"urgency" "consultation_urgency" DEFAULT 'normal' NOT NULL,
	"preferred_times" text,
	"client_ngo" text,
	"status" "consultation_status" DEFAULT 'open' NOT NULL,
	"assigned_mentor_id" uuid,
	"event_id" uuid,
	"answer" text,
	"answered_at" timestamp with time zone,
	"outcome_notes" text,
	"minutes_spent" integer,
	"held_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_requests_minutes" CHECK ("consultation_requests"."minutes_spent" is null or "consultation_requests"."minutes_spent" between 0 and 6000)
);
--> statement-breakpoint
CREATE TABLE "development_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"summary" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "development_plans_dates" CHECK ("development_plans"."ends_on" >= "development_plans"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "mentorship_people" (
	"mentorship_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"side" "mentorship_side" NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	CONSTRAINT "mentorship_people_mentorship_id_user_id_pk" PRIMARY KEY("mentorship_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mentorships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"mentor_organisation_id" uuid NOT NULL,
	"centre_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"planned_end_on" date NOT NULL,
	"ended_on" date,
	"status" "mentorship_status" DEFAULT 'active' NOT NULL,
	"notes" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentorships_dates" CHECK ("mentorships"."planned_end_on" >= "mentorships"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "plan_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"area_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"owner_id" uuid,
	"due_on" date,
	"status" "plan_task_status" DEFAULT 'todo' NOT NULL,
	"course_id" uuid,
	"resource_id" uuid,
	"event_id" uuid,
	"consultation_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "toolkit_related" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"related_resource_id" uuid,
	"course_id" uuid,
	"lesson_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "toolkit_related_one_target" CHECK (num_nonnulls("toolkit_related"."related_resource_id", "toolkit_related"."course_id", "toolkit_related"."lesson_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "practice_decision_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"decision" "practice_decision" NOT NULL,
	"reason" text NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_materials" (
	"practice_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "practice_materials_practice_id_resource_id_pk" PRIMARY KEY("practice_id","resource_id")
);
--> statement-breakpoint
CREATE TABLE "practice_scores" (
	"programme_id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_scores_programme_id_practice_id_criterion_id_expert_id_pk" PRIMARY KEY("programme_id","practice_id","criterion_id","expert_id"),
	CONSTRAINT "practice_scores_range" CHECK ("practice_scores"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "practices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"problem" text NOT NULL,
	"target_group" text NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"origin_organisation" text NOT NULL,
	"region_code" text,
	"since_year" integer,
	"evidence" text NOT NULL,
	"resources_people" text,
	"resources_money" text,
	"resources_time" text,
	"contacts" text,
	"body_html" text NOT NULL,
	"status" "practice_status" DEFAULT 'published' NOT NULL,
	"source" text DEFAULT 'authored' NOT NULL,
	"content_hash" text,
	"search_vector" "tsvector",
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_experts" (
	"programme_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_experts_programme_id_user_id_pk" PRIMARY KEY("programme_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "programme_practices" (
	"programme_id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"decision" "practice_decision",
	"decision_reason" text,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"added_by_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_practices_programme_id_practice_id_pk" PRIMARY KEY("programme_id","practice_id")
);
--> statement-breakpoint
CREATE TABLE "selection_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"weight" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "selection_criteria_weight" CHECK ("selection_criteria"."weight" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "transfer_partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"track_id" uuid NOT NULL,
	"name" text NOT NULL,
	"inn" text,
	"contact" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_step_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"track_id" uuid NOT NULL,
	"from_step" "transfer_step",
	"to_step" "transfer_step" NOT NULL,
	"occurred_on" date NOT NULL,
	"note" text,
	"evidence_url" text,
	"reason" text,
	"beneficiaries" integer DEFAULT 0 NOT NULL,
	"ngos_involved" integer DEFAULT 0 NOT NULL,
	"changed_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_tracks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"step" "transfer_step" DEFAULT 'identified' NOT NULL,
	"stopped_at_step" "transfer_step",
	"stopped_reason" text,
	"beneficiaries" integer DEFAULT 0 NOT NULL,
	"ngos_involved" integer DEFAULT 0 NOT NULL,
	"started_on" date NOT NULL,
	"step_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_tracks_counts" CHECK ("transfer_tracks"."beneficiaries" >= 0 and "transfer_tracks"."ngos_involved" >= 0)
);
--> statement-breakpoint
CREATE TABLE "indicator_manual_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"evidence_url" text,
	"attachment_id" uuid,
	"note" text,
	"entered_by_id" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_targets" (
	"indicator_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"target" numeric(14, 2) NOT NULL,
	CONSTRAINT "indicator_targets_indicator_id_period_id_pk" PRIMARY KEY("indicator_id","period_id")
);
--> statement-breakpoint
CREATE TABLE "plan_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"is_control_point" boolean DEFAULT false NOT NULL,
	"planned_start_on" date NOT NULL,
	"planned_end_on" date NOT NULL,
	"actual_start_on" date,
	"actual_end_on" date,
	"result" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_activities_dates" CHECK ("plan_activities"."planned_end_on" >= "plan_activities"."planned_start_on")
);
--> statement-breakpoint
CREATE TABLE "programme_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"source" "indicator_source" NOT NULL,
	"computation_key" text,
	"computation_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"target_total" numeric(14, 2),
	"description" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_indicators_source" CHECK (("programme_indicators"."source" = 'computed' and "programme_indicators"."computation_key" is not null) or ("programme_indicators"."source" = 'manual'))
);
--> statement-breakpoint
CREATE TABLE "programme_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"status" "report_status" DEFAULT 'draft' NOT NULL,
	"activity_description" text,
	"qualitative_results" text,
	"feedback" text,
	"commentary" text,
	"publications" text,
	"snapshot" jsonb,
	"submitted_by_id" uuid,
	"submitted_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"label" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_periods_dates" CHECK ("report_periods"."ends_on" >= "report_periods"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "consultation_action_items" ADD CONSTRAINT "consultation_action_items_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_action_items" ADD CONSTRAINT "consultation_action_items_task_id_plan_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."plan_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_messages" ADD CONSTRAINT "consultation_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD CONSTRAINT "consultation_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD CONSTRAINT "consultation_requests_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD CONSTRAINT "consultation_requests_mentor_organisation_id_organisations_id_fk" FOREIGN KEY ("mentor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD CONSTRAINT "consultation_requests_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD CONSTRAINT "consultation_requests_assigned_mentor_id_users_id_fk" FOREIGN KEY ("assigned_mentor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD CONSTRAINT "consultation_requests_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorship_people" ADD CONSTRAINT "mentorship_people_mentorship_id_mentorships_id_fk" FOREIGN KEY ("mentorship_id") REFERENCES "public"."mentorships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorship_people" ADD CONSTRAINT "mentorship_people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentor_organisation_id_organisations_id_fk" FOREIGN KEY ("mentor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_centre_id_organisations_id_fk" FOREIGN KEY ("centre_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_goal_id_plan_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."plan_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_plan_id_development_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."development_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_resource_id_toolkit_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."toolkit_resources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_related" ADD CONSTRAINT "toolkit_related_resource_id_toolkit_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."toolkit_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_related" ADD CONSTRAINT "toolkit_related_related_resource_id_toolkit_resources_id_fk" FOREIGN KEY ("related_resource_id") REFERENCES "public"."toolkit_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_related" ADD CONSTRAINT "toolkit_related_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_related" ADD CONSTRAINT "toolkit_related_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_decision_history" ADD CONSTRAINT "practice_decision_history_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_decision_history" ADD CONSTRAINT "practice_decision_history_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_decision_history" ADD CONSTRAINT "practice_decision_history_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_materials" ADD CONSTRAINT "practice_materials_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_materials" ADD CONSTRAINT "practice_materials_resource_id_toolkit_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."toolkit_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_scores" ADD CONSTRAINT "practice_scores_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_scores" ADD CONSTRAINT "practice_scores_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_scores" ADD CONSTRAINT "practice_scores_criterion_id_selection_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."selection_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_scores" ADD CONSTRAINT "practice_scores_expert_id_users_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_experts" ADD CONSTRAINT "programme_experts_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_experts" ADD CONSTRAINT "programme_experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_practices" ADD CONSTRAINT "programme_practices_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_practices" ADD CONSTRAINT "programme_practices_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_practices" ADD CONSTRAINT "programme_practices_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_practices" ADD CONSTRAINT "programme_practices_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_criteria" ADD CONSTRAINT "selection_criteria_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_partners" ADD CONSTRAINT "transfer_partners_track_id_transfer_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."transfer_tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_step_history" ADD CONSTRAINT "transfer_step_history_track_id_transfer_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."transfer_tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_step_history" ADD CONSTRAINT "transfer_step_history_changed_by_id_users_id_fk" FOREIGN KEY ("changed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_tracks" ADD CONSTRAINT "transfer_tracks_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_tracks" ADD CONSTRAINT "transfer_tracks_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_tracks" ADD CONSTRAINT "transfer_tracks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_tracks" ADD CONSTRAINT "transfer_tracks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_manual_values" ADD CONSTRAINT "indicator_manual_values_indicator_id_programme_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."programme_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_manual_values" ADD CONSTRAINT "indicator_manual_values_period_id_report_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."report_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_manual_values" ADD CONSTRAINT "indicator_manual_values_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_manual_values" ADD CONSTRAINT "indicator_manual_values_entered_by_id_users_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_indicator_id_programme_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."programme_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_period_id_report_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."report_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_activities" ADD CONSTRAINT "plan_activities_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_indicators" ADD CONSTRAINT "programme_indicators_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_period_id_report_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."report_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_periods" ADD CONSTRAINT "report_periods_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_action_items_request_idx" ON "consultation_action_items" USING btree ("request_id","position");--> statement-breakpoint
CREATE INDEX "consultation_action_items_task_idx" ON "consultation_action_items" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "consultation_messages_request_idx" ON "consultation_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "consultation_messages_author_idx" ON "consultation_messages" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "consultation_requests_org_idx" ON "consultation_requests" USING btree ("organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "consultation_requests_mentor_org_idx" ON "consultation_requests" USING btree ("mentor_organisation_id","status");--> statement-breakpoint
CREATE INDEX "consultation_requests_programme_idx" ON "consultation_requests" USING btree ("programme_id","status");--> statement-breakpoint
CREATE INDEX "consultation_requests_requested_by_idx" ON "consultation_requests" USING btree ("requested_by_id");--> statement-breakpoint
CREATE INDEX "consultation_requests_assigned_idx" ON "consultation_requests" USING btree ("assigned_mentor_id");--> statement-breakpoint
CREATE INDEX "consultation_requests_event_idx" ON "consultation_requests" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "development_plans_org_key" ON "development_plans" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "development_plans_created_by_idx" ON "development_plans" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "mentorship_people_user_idx" ON "mentorship_people" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mentorships_programme_centre_key" ON "mentorships" USING btree ("programme_id","centre_id");--> statement-breakpoint
CREATE INDEX "mentorships_mentor_org_idx" ON "mentorships" USING btree ("mentor_organisation_id","status");--> statement-breakpoint
CREATE INDEX "mentorships_centre_idx" ON "mentorships" USING btree ("centre_id");--> statement-breakpoint
CREATE INDEX "mentorships_created_by_idx" ON "mentorships" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "plan_goals_plan_idx" ON "plan_goals" USING btree ("plan_id","position");--> statement-breakpoint
CREATE INDEX "plan_tasks_goal_idx" ON "plan_tasks" USING btree ("goal_id","position");--> statement-breakpoint
CREATE INDEX "plan_tasks_plan_status_idx" ON "plan_tasks" USING btree ("plan_id","status","due_on");--> statement-breakpoint
CREATE INDEX "plan_tasks_owner_idx" ON "plan_tasks" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_course_idx" ON "plan_tasks" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_resource_idx" ON "plan_tasks" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_event_idx" ON "plan_tasks" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_consultation_idx" ON "plan_tasks" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_created_by_idx" ON "plan_tasks" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "toolkit_related_resource_idx" ON "toolkit_related" USING btree ("resource_id","position");--> statement-breakpoint
CREATE INDEX "toolkit_related_related_idx" ON "toolkit_related" USING btree ("related_resource_id");--> statement-breakpoint
CREATE INDEX "toolkit_related_course_idx" ON "toolkit_related" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "toolkit_related_lesson_idx" ON "toolkit_related" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "practice_decision_history_idx" ON "practice_decision_history" USING btree ("programme_id","practice_id","decided_at");--> statement-breakpoint
CREATE INDEX "practice_decision_history_practice_idx" ON "practice_decision_history" USING btree ("practice_id");--> statement-breakpoint
CREATE INDEX "practice_decision_history_decided_by_idx" ON "practice_decision_history" USING btree ("decided_by_id");--> statement-breakpoint
CREATE INDEX "practice_materials_resource_idx" ON "practice_materials" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "practice_scores_practice_idx" ON "practice_scores" USING btree ("practice_id");--> statement-breakpoint
CREATE INDEX "practice_scores_criterion_idx" ON "practice_scores" USING btree ("criterion_id");--> statement-breakpoint
CREATE INDEX "practice_scores_expert_idx" ON "practice_scores" USING btree ("expert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "practices_slug_key" ON "practices" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "practices_region_idx" ON "practices" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "practices_status_idx" ON "practices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "practices_topics_idx" ON "practices" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "practices_search_idx" ON "practices" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "practices_created_by_idx" ON "practices" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "programme_experts_user_idx" ON "programme_experts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "programme_practices_practice_idx" ON "programme_practices" USING btree ("practice_id");--> statement-breakpoint
CREATE INDEX "programme_practices_decision_idx" ON "programme_practices" USING btree ("programme_id","decision");--> statement-breakpoint
CREATE INDEX "programme_practices_decided_by_idx" ON "programme_practices" USING btree ("decided_by_id");--> statement-breakpoint
CREATE INDEX "programme_practices_added_by_idx" ON "programme_practices" USING btree ("added_by_id");--> statement-breakpoint
CREATE INDEX "selection_criteria_programme_idx" ON "selection_criteria" USING btree ("programme_id","position");--> statement-breakpoint
CREATE INDEX "transfer_partners_track_idx" ON "transfer_partners" USING btree ("track_id");--> statement-breakpoint
CREATE INDEX "transfer_step_history_track_idx" ON "transfer_step_history" USING btree ("track_id","created_at");--> statement-breakpoint
CREATE INDEX "transfer_step_history_to_step_idx" ON "transfer_step_history" USING btree ("to_step","occurred_on");--> statement-breakpoint
CREATE INDEX "transfer_step_history_changed_by_idx" ON "transfer_step_history" USING btree ("changed_by_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_tracks_key" ON "transfer_tracks" USING btree ("programme_id","practice_id","organisation_id");--> statement-breakpoint
CREATE INDEX "transfer_tracks_board_idx" ON "transfer_tracks" USING btree ("programme_id","step");--> statement-breakpoint
CREATE INDEX "transfer_tracks_practice_idx" ON "transfer_tracks" USING btree ("practice_id");--> statement-breakpoint
CREATE INDEX "transfer_tracks_org_idx" ON "transfer_tracks" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "transfer_tracks_created_by_idx" ON "transfer_tracks" USING btree ("created_by_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_manual_values_key" ON "indicator_manual_values" USING btree ("indicator_id","period_id");--> statement-breakpoint
CREATE INDEX "indicator_manual_values_period_idx" ON "indicator_manual_values" USING btree ("period_id");--> statement-breakpoint
CREATE INDEX "indicator_manual_values_attachment_idx" ON "indicator_manual_values" USING btree ("attachment_id");--> statement-breakpoint
CREATE INDEX "indicator_manual_values_entered_by_idx" ON "indicator_manual_values" USING btree ("entered_by_id");--> statement-breakpoint
CREATE INDEX "indicator_targets_period_idx" ON "indicator_targets" USING btree ("period_id");--> statement-breakpoint
CREATE INDEX "plan_activities_programme_idx" ON "plan_activities" USING btree ("programme_id","planned_start_on");--> statement-breakpoint
CREATE INDEX "programme_indicators_programme_idx" ON "programme_indicators" USING btree ("programme_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_reports_period_key" ON "programme_reports" USING btree ("programme_id","period_id");--> statement-breakpoint
CREATE INDEX "programme_reports_period_idx" ON "programme_reports" USING btree ("period_id");--> statement-breakpoint
CREATE INDEX "programme_reports_submitted_by_idx" ON "programme_reports" USING btree ("submitted_by_id");--> statement-breakpoint
CREATE INDEX "programme_reports_created_by_idx" ON "programme_reports" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "report_periods_programme_idx" ON "report_periods" USING btree ("programme_id","starts_on");
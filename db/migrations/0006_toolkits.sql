CREATE TYPE "public"."resource_audience" AS ENUM('ngo', 'consultant', 'both');--> statement-breakpoint
CREATE TYPE "public"."resource_kind" AS ENUM('template', 'guide', 'scenario', 'presentation', 'checklist', 'training_kit');--> statement-breakpoint
CREATE TYPE "public"."resource_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."toolkit_usage_kind" AS ENUM('view', 'download', 'generate_docx', 'generate_pdf');--> statement-breakpoint
CREATE TABLE "saved_requisites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"label" text NOT NULL,
	"values" jsonb NOT NULL,
	"created_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "toolkit_attachments" (
	"version_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "toolkit_attachments_version_id_attachment_id_pk" PRIMARY KEY("version_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "toolkit_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"organisation_id" uuid,
	"kind" "resource_kind" NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"summary" text DEFAULT '' NOT NULL,
	"topic" text NOT NULL,
	"stage" text NOT NULL,
	"audience" "resource_audience" DEFAULT 'both' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "resource_status" DEFAULT 'draft' NOT NULL,
	"source" text DEFAULT 'authored' NOT NULL,
	"current_version_id" uuid,
	"search_vector" "tsvector",
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "toolkit_usage" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "toolkit_usage_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"resource_id" uuid NOT NULL,
	"version_id" uuid,
	"organisation_id" uuid,
	"user_id" uuid,
	"kind" "toolkit_usage_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "toolkit_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"body_json" jsonb NOT NULL,
	"body_html" text NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"change_note" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "saved_requisites" ADD CONSTRAINT "saved_requisites_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_requisites" ADD CONSTRAINT "saved_requisites_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_attachments" ADD CONSTRAINT "toolkit_attachments_version_id_toolkit_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."toolkit_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_attachments" ADD CONSTRAINT "toolkit_attachments_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_resources" ADD CONSTRAINT "toolkit_resources_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_resources" ADD CONSTRAINT "toolkit_resources_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_usage" ADD CONSTRAINT "toolkit_usage_resource_id_toolkit_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."toolkit_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_usage" ADD CONSTRAINT "toolkit_usage_version_id_toolkit_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."toolkit_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_usage" ADD CONSTRAINT "toolkit_usage_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_usage" ADD CONSTRAINT "toolkit_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_versions" ADD CONSTRAINT "toolkit_versions_resource_id_toolkit_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."toolkit_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "toolkit_versions" ADD CONSTRAINT "toolkit_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_requisites_org_idx" ON "saved_requisites" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "saved_requisites_created_by_idx" ON "saved_requisites" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "toolkit_attachments_attachment_idx" ON "toolkit_attachments" USING btree ("attachment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "toolkit_resources_slug_key" ON "toolkit_resources" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "toolkit_resources_org_idx" ON "toolkit_resources" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "toolkit_resources_catalogue_idx" ON "toolkit_resources" USING btree ("status","kind","topic","stage");--> statement-breakpoint
CREATE INDEX "toolkit_resources_search_idx" ON "toolkit_resources" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "toolkit_resources_created_by_idx" ON "toolkit_resources" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "toolkit_resources_current_version_idx" ON "toolkit_resources" USING btree ("current_version_id");--> statement-breakpoint
CREATE INDEX "toolkit_usage_resource_idx" ON "toolkit_usage" USING btree ("resource_id","created_at");--> statement-breakpoint
CREATE INDEX "toolkit_usage_org_idx" ON "toolkit_usage" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "toolkit_usage_version_idx" ON "toolkit_usage" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "toolkit_usage_user_idx" ON "toolkit_usage" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "toolkit_versions_resource_version_key" ON "toolkit_versions" USING btree ("resource_id","version");--> statement-breakpoint
CREATE INDEX "toolkit_versions_created_by_idx" ON "toolkit_versions" USING btree ("created_by_id");
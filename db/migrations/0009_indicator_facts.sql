CREATE TYPE "public"."indicator_fact_source" AS ENUM('event', 'mark', 'presence', 'consultation', 'client', 'completion', 'download', 'document', 'stage_up', 'partner', 'selected', 'piloted', 'implemented');--> statement-breakpoint
CREATE TABLE "indicator_fact_state" (
	"programme_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"built_version" integer DEFAULT 0 NOT NULL,
	"built_at" timestamp with time zone,
	"build_ms" integer
);
--> statement-breakpoint
CREATE TABLE "indicator_facts" (
	"programme_id" uuid NOT NULL,
	"source" "indicator_fact_source" NOT NULL,
	"org_id" uuid,
	"centre" boolean NOT NULL,
	"region_code" text,
	"local_date" date NOT NULL,
	"item" uuid,
	"ref" uuid,
	"event_kind" "event_kind",
	"starts_at" timestamp with time zone,
	"weight" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicator_fact_state" ADD CONSTRAINT "indicator_fact_state_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_facts" ADD CONSTRAINT "indicator_facts_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_facts_programme_idx" ON "indicator_facts" USING btree ("programme_id","org_id","local_date");--> statement-breakpoint
CREATE INDEX "toolkit_resources_title_idx" ON "toolkit_resources" USING btree ("status","title","id");--> statement-breakpoint
-- Indicator facts are rebuilt per programme when its records change (app/models/indicator-facts.server.ts).
-- Statement-level triggers on every table the indicators read bump the programme's version in the same
-- transaction as the change; only the columns the counting rules use count as a change (an event's new
-- description does not, its cancellation does). Hand-written: drizzle-kit does not generate triggers.
CREATE FUNCTION indicator_facts_touch(programme_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE indicator_fact_state SET version = version + 1 WHERE programme_id = ANY (programme_ids)
$$;--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_fact_state SET version = version + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT event_id, user_id, organisation_id, status FROM new_rows WHERE status in ('present', 'late')) select e.programme_id from changed c join events e on e.id = c.event_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT event_id, user_id, organisation_id, status FROM old_rows WHERE status in ('present', 'late')) select e.programme_id from changed c join events e on e.id = c.event_id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT event_id, user_id, organisation_id, status FROM new_rows WHERE status in ('present', 'late') EXCEPT SELECT event_id, user_id, organisation_id, status FROM old_rows WHERE status in ('present', 'late'))
      UNION ALL (SELECT event_id, user_id, organisation_id, status FROM old_rows WHERE status in ('present', 'late') EXCEPT SELECT event_id, user_id, organisation_id, status FROM new_rows WHERE status in ('present', 'late'))
    ) select e.programme_id from changed c join events e on e.id = c.event_id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER attendance_facts_insert AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_attendance();--> statement-breakpoint
CREATE TRIGGER attendance_facts_delete AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_attendance();--> statement-breakpoint
CREATE TRIGGER attendance_facts_update AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_attendance();--> statement-breakpoint
CREATE TRIGGER attendance_facts_truncate AFTER TRUNCATE ON attendance FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, host_id, kind, status, starts_at, time_zone FROM new_rows) select c.programme_id from changed c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, host_id, kind, status, starts_at, time_zone FROM old_rows) select c.programme_id from changed c));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT programme_id, host_id, kind, status, starts_at, time_zone FROM new_rows EXCEPT SELECT programme_id, host_id, kind, status, starts_at, time_zone FROM old_rows)
      UNION ALL (SELECT programme_id, host_id, kind, status, starts_at, time_zone FROM old_rows EXCEPT SELECT programme_id, host_id, kind, status, starts_at, time_zone FROM new_rows)
    ) select c.programme_id from changed c));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER events_facts_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_events();--> statement-breakpoint
CREATE TRIGGER events_facts_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_events();--> statement-breakpoint
CREATE TRIGGER events_facts_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_events();--> statement-breakpoint
CREATE TRIGGER events_facts_truncate AFTER TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_programme_centres() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, organisation_id FROM new_rows) select c.programme_id from changed c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, organisation_id FROM old_rows) select c.programme_id from changed c));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT programme_id, organisation_id FROM new_rows EXCEPT SELECT programme_id, organisation_id FROM old_rows)
      UNION ALL (SELECT programme_id, organisation_id FROM old_rows EXCEPT SELECT programme_id, organisation_id FROM new_rows)
    ) select c.programme_id from changed c));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER programme_centres_facts_insert AFTER INSERT ON programme_centres REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programme_centres();--> statement-breakpoint
CREATE TRIGGER programme_centres_facts_delete AFTER DELETE ON programme_centres REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programme_centres();--> statement-breakpoint
CREATE TRIGGER programme_centres_facts_update AFTER UPDATE ON programme_centres REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programme_centres();--> statement-breakpoint
CREATE TRIGGER programme_centres_facts_truncate AFTER TRUNCATE ON programme_centres FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_consultation_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, organisation_id, status, held_at, answered_at, client_ngo FROM new_rows) select c.programme_id from changed c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, organisation_id, status, held_at, answered_at, client_ngo FROM old_rows) select c.programme_id from changed c));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT programme_id, organisation_id, status, held_at, answered_at, client_ngo FROM new_rows EXCEPT SELECT programme_id, organisation_id, status, held_at, answered_at, client_ngo FROM old_rows)
      UNION ALL (SELECT programme_id, organisation_id, status, held_at, answered_at, client_ngo FROM old_rows EXCEPT SELECT programme_id, organisation_id, status, held_at, answered_at, client_ngo FROM new_rows)
    ) select c.programme_id from changed c));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER consultation_requests_facts_insert AFTER INSERT ON consultation_requests REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_consultation_requests();--> statement-breakpoint
CREATE TRIGGER consultation_requests_facts_delete AFTER DELETE ON consultation_requests REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_consultation_requests();--> statement-breakpoint
CREATE TRIGGER consultation_requests_facts_update AFTER UPDATE ON consultation_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_consultation_requests();--> statement-breakpoint
CREATE TRIGGER consultation_requests_facts_truncate AFTER TRUNCATE ON consultation_requests FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_enrolments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, organisation_id, user_id, course_id, status, completed_at FROM new_rows WHERE status = 'completed') select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, organisation_id, user_id, course_id, status, completed_at FROM old_rows WHERE status = 'completed') select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT id, organisation_id, user_id, course_id, status, completed_at FROM new_rows WHERE status = 'completed' EXCEPT SELECT id, organisation_id, user_id, course_id, status, completed_at FROM old_rows WHERE status = 'completed')
      UNION ALL (SELECT id, organisation_id, user_id, course_id, status, completed_at FROM old_rows WHERE status = 'completed' EXCEPT SELECT id, organisation_id, user_id, course_id, status, completed_at FROM new_rows WHERE status = 'completed')
    ) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER enrolments_facts_insert AFTER INSERT ON enrolments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_enrolments();--> statement-breakpoint
CREATE TRIGGER enrolments_facts_delete AFTER DELETE ON enrolments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_enrolments();--> statement-breakpoint
CREATE TRIGGER enrolments_facts_update AFTER UPDATE ON enrolments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_enrolments();--> statement-breakpoint
CREATE TRIGGER enrolments_facts_truncate AFTER TRUNCATE ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_toolkit_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, organisation_id, kind, created_at FROM new_rows WHERE kind <> 'view') select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, organisation_id, kind, created_at FROM old_rows WHERE kind <> 'view') select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT id, organisation_id, kind, created_at FROM new_rows WHERE kind <> 'view' EXCEPT SELECT id, organisation_id, kind, created_at FROM old_rows WHERE kind <> 'view')
      UNION ALL (SELECT id, organisation_id, kind, created_at FROM old_rows WHERE kind <> 'view' EXCEPT SELECT id, organisation_id, kind, created_at FROM new_rows WHERE kind <> 'view')
    ) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER toolkit_usage_facts_insert AFTER INSERT ON toolkit_usage REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_toolkit_usage();--> statement-breakpoint
CREATE TRIGGER toolkit_usage_facts_delete AFTER DELETE ON toolkit_usage REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_toolkit_usage();--> statement-breakpoint
CREATE TRIGGER toolkit_usage_facts_update AFTER UPDATE ON toolkit_usage REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_toolkit_usage();--> statement-breakpoint
CREATE TRIGGER toolkit_usage_facts_truncate AFTER TRUNCATE ON toolkit_usage FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_stage_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT organisation_id, from_stage, to_stage, changed_at FROM new_rows) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT organisation_id, from_stage, to_stage, changed_at FROM old_rows) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT organisation_id, from_stage, to_stage, changed_at FROM new_rows EXCEPT SELECT organisation_id, from_stage, to_stage, changed_at FROM old_rows)
      UNION ALL (SELECT organisation_id, from_stage, to_stage, changed_at FROM old_rows EXCEPT SELECT organisation_id, from_stage, to_stage, changed_at FROM new_rows)
    ) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.organisation_id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER stage_history_facts_insert AFTER INSERT ON stage_history REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_stage_history();--> statement-breakpoint
CREATE TRIGGER stage_history_facts_delete AFTER DELETE ON stage_history REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_stage_history();--> statement-breakpoint
CREATE TRIGGER stage_history_facts_update AFTER UPDATE ON stage_history REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_stage_history();--> statement-breakpoint
CREATE TRIGGER stage_history_facts_truncate AFTER TRUNCATE ON stage_history FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_transfer_tracks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, programme_id, organisation_id, step, step_changed_at FROM new_rows) select c.programme_id from changed c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, programme_id, organisation_id, step, step_changed_at FROM old_rows) select c.programme_id from changed c));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT id, programme_id, organisation_id, step, step_changed_at FROM new_rows EXCEPT SELECT id, programme_id, organisation_id, step, step_changed_at FROM old_rows)
      UNION ALL (SELECT id, programme_id, organisation_id, step, step_changed_at FROM old_rows EXCEPT SELECT id, programme_id, organisation_id, step, step_changed_at FROM new_rows)
    ) select c.programme_id from changed c));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER transfer_tracks_facts_insert AFTER INSERT ON transfer_tracks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_tracks();--> statement-breakpoint
CREATE TRIGGER transfer_tracks_facts_delete AFTER DELETE ON transfer_tracks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_tracks();--> statement-breakpoint
CREATE TRIGGER transfer_tracks_facts_update AFTER UPDATE ON transfer_tracks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_tracks();--> statement-breakpoint
CREATE TRIGGER transfer_tracks_facts_truncate AFTER TRUNCATE ON transfer_tracks FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_transfer_step_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT track_id, to_step, occurred_on FROM new_rows) select t.programme_id from changed c join transfer_tracks t on t.id = c.track_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT track_id, to_step, occurred_on FROM old_rows) select t.programme_id from changed c join transfer_tracks t on t.id = c.track_id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT track_id, to_step, occurred_on FROM new_rows EXCEPT SELECT track_id, to_step, occurred_on FROM old_rows)
      UNION ALL (SELECT track_id, to_step, occurred_on FROM old_rows EXCEPT SELECT track_id, to_step, occurred_on FROM new_rows)
    ) select t.programme_id from changed c join transfer_tracks t on t.id = c.track_id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER transfer_step_history_facts_insert AFTER INSERT ON transfer_step_history REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_step_history();--> statement-breakpoint
CREATE TRIGGER transfer_step_history_facts_delete AFTER DELETE ON transfer_step_history REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_step_history();--> statement-breakpoint
CREATE TRIGGER transfer_step_history_facts_update AFTER UPDATE ON transfer_step_history REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_step_history();--> statement-breakpoint
CREATE TRIGGER transfer_step_history_facts_truncate AFTER TRUNCATE ON transfer_step_history FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_transfer_partners() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT track_id, name, created_at FROM new_rows) select t.programme_id from changed c join transfer_tracks t on t.id = c.track_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT track_id, name, created_at FROM old_rows) select t.programme_id from changed c join transfer_tracks t on t.id = c.track_id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT track_id, name, created_at FROM new_rows EXCEPT SELECT track_id, name, created_at FROM old_rows)
      UNION ALL (SELECT track_id, name, created_at FROM old_rows EXCEPT SELECT track_id, name, created_at FROM new_rows)
    ) select t.programme_id from changed c join transfer_tracks t on t.id = c.track_id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER transfer_partners_facts_insert AFTER INSERT ON transfer_partners REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_partners();--> statement-breakpoint
CREATE TRIGGER transfer_partners_facts_delete AFTER DELETE ON transfer_partners REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_partners();--> statement-breakpoint
CREATE TRIGGER transfer_partners_facts_update AFTER UPDATE ON transfer_partners REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_transfer_partners();--> statement-breakpoint
CREATE TRIGGER transfer_partners_facts_truncate AFTER TRUNCATE ON transfer_partners FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_programme_practices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, practice_id, decision, decided_at FROM new_rows) select c.programme_id from changed c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT programme_id, practice_id, decision, decided_at FROM old_rows) select c.programme_id from changed c));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT programme_id, practice_id, decision, decided_at FROM new_rows EXCEPT SELECT programme_id, practice_id, decision, decided_at FROM old_rows)
      UNION ALL (SELECT programme_id, practice_id, decision, decided_at FROM old_rows EXCEPT SELECT programme_id, practice_id, decision, decided_at FROM new_rows)
    ) select c.programme_id from changed c));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER programme_practices_facts_insert AFTER INSERT ON programme_practices REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programme_practices();--> statement-breakpoint
CREATE TRIGGER programme_practices_facts_delete AFTER DELETE ON programme_practices REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programme_practices();--> statement-breakpoint
CREATE TRIGGER programme_practices_facts_update AFTER UPDATE ON programme_practices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programme_practices();--> statement-breakpoint
CREATE TRIGGER programme_practices_facts_truncate AFTER TRUNCATE ON programme_practices FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_all();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, region_code FROM new_rows) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.id union select p.id from changed c join programmes p on p.mentor_organisation_id = c.id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, region_code FROM old_rows) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.id union select p.id from changed c join programmes p on p.mentor_organisation_id = c.id));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT id, region_code FROM new_rows EXCEPT SELECT id, region_code FROM old_rows)
      UNION ALL (SELECT id, region_code FROM old_rows EXCEPT SELECT id, region_code FROM new_rows)
    ) select pc.programme_id from changed c join programme_centres pc on pc.organisation_id = c.id union select p.id from changed c join programmes p on p.mentor_organisation_id = c.id));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER organisations_facts_update AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_organisations();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_programmes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, mentor_organisation_id FROM new_rows) select c.id from changed c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT id, mentor_organisation_id FROM old_rows) select c.id from changed c));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT id, mentor_organisation_id FROM new_rows EXCEPT SELECT id, mentor_organisation_id FROM old_rows)
      UNION ALL (SELECT id, mentor_organisation_id FROM old_rows EXCEPT SELECT id, mentor_organisation_id FROM new_rows)
    ) select c.id from changed c));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER programmes_facts_update AFTER UPDATE ON programmes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_programmes();--> statement-breakpoint
CREATE FUNCTION indicator_facts_touch_regions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT code, time_zone FROM new_rows) select s.programme_id from indicator_fact_state s where exists (select 1 from changed)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM indicator_facts_touch(array(WITH changed AS (SELECT code, time_zone FROM old_rows) select s.programme_id from indicator_fact_state s where exists (select 1 from changed)));
  ELSE
    PERFORM indicator_facts_touch(array(WITH changed AS (
      (SELECT code, time_zone FROM new_rows EXCEPT SELECT code, time_zone FROM old_rows)
      UNION ALL (SELECT code, time_zone FROM old_rows EXCEPT SELECT code, time_zone FROM new_rows)
    ) select s.programme_id from indicator_fact_state s where exists (select 1 from changed)));
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER regions_facts_update AFTER UPDATE ON regions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_touch_regions();--> statement-breakpoint
-- Covering indexes: a resource's usage view and a person's attendance read from the index alone.
DROP INDEX "toolkit_usage_resource_idx";--> statement-breakpoint
CREATE INDEX "toolkit_usage_resource_idx" ON "toolkit_usage" USING btree ("resource_id","created_at") INCLUDE ("organisation_id","version_id","kind");--> statement-breakpoint
DROP INDEX "attendance_user_idx";--> statement-breakpoint
CREATE INDEX "attendance_user_idx" ON "attendance" USING btree ("user_id") INCLUDE ("event_id","status");
--> statement-breakpoint
-- Every programme has its state row from the start, so a change made while the first build runs is never missed.
INSERT INTO indicator_fact_state (programme_id) SELECT id FROM programmes;--> statement-breakpoint
CREATE FUNCTION indicator_facts_new_programme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_fact_state (programme_id) SELECT id FROM new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER programmes_facts_new AFTER INSERT ON programmes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facts_new_programme();
--> statement-breakpoint
-- A rebuild replaces a programme's rows: vacuum the table after 2 % of it changed, not the default 20 %.
ALTER TABLE indicator_facts SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);

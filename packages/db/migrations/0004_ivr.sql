-- IVR (manual §4.6.5, §4.6.7, §4.6.8): the voice-file library, IVR designer projects and IVR configurations.
-- Shapes follow packages/vxml's designer model (IvrProject, IvrConfig, VoiceFile); the node tree is jsonb.

-- Voice files are converted once at upload to the engine's format (8 kHz 16-bit mono WAV) and the
-- converted audio is kept here, in the row: one store for PGlite and PostgreSQL, in the same transaction
-- and backup as the metadata, and readable by every server node (docs/ivr-server.md).
CREATE TABLE voice_files (
  id                  uuid PRIMARY KEY,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  original_file_name  text NOT NULL CHECK (length(original_file_name) BETWEEN 1 AND 255),
  format              text NOT NULL CHECK (format IN ('wav', 'mp3')),
  duration_ms         integer NOT NULL CHECK (duration_ms >= 0),
  sample_rate         integer NOT NULL CHECK (sample_rate > 0),
  uploaded_bytes      integer NOT NULL CHECK (uploaded_bytes > 0),
  audio               bytea NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX voice_files_name_uq ON voice_files (lower(name));

CREATE TABLE ivr_projects (
  id             uuid PRIMARY KEY,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- 超时转队列: callers who never answer a menu go to this queue.
  timeout_queue  text NOT NULL CHECK (length(timeout_queue) <= 64),
  variables      text[] NOT NULL DEFAULT '{}',
  root           jsonb NOT NULL,
  -- Problems found at the last save or build (empty: the project builds).
  issues         jsonb NOT NULL DEFAULT '[]',
  -- The last successful "构建 VXML".
  built_vxml     text,
  built_at       timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((built_vxml IS NULL) = (built_at IS NULL))
);
CREATE UNIQUE INDEX ivr_projects_name_uq ON ivr_projects (lower(name));

-- Which voice files a project's tree plays: kept with every save, so a voice file in use cannot be deleted.
CREATE TABLE ivr_project_voice_files (
  project_id     uuid NOT NULL REFERENCES ivr_projects(id) ON DELETE CASCADE,
  voice_file_id  uuid NOT NULL REFERENCES voice_files(id) ON DELETE RESTRICT,
  PRIMARY KEY (project_id, voice_file_id)
);
CREATE INDEX ivr_project_voice_files_voice_idx ON ivr_project_voice_files (voice_file_id);

CREATE TABLE ivr_configs (
  id          uuid PRIMARY KEY,
  number      text NOT NULL CHECK (number ~ '^[0-9]{1,16}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  source      text NOT NULL CHECK (source IN ('uploaded', 'built')),
  -- Uploaded: the operator's file name. Built: the project; its VXML is copied here at each build.
  file_name   text CHECK (length(file_name) BETWEEN 1 AND 255),
  project_id  uuid REFERENCES ivr_projects(id) ON DELETE RESTRICT,
  vxml        text NOT NULL,
  notes       text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'built') = (project_id IS NOT NULL)),
  CHECK ((source = 'uploaded') = (file_name IS NOT NULL))
);
CREATE UNIQUE INDEX ivr_configs_number_uq ON ivr_configs (number);
CREATE UNIQUE INDEX ivr_configs_project_uq ON ivr_configs (project_id) WHERE project_id IS NOT NULL;

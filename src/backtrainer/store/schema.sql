-- Generated from backtrainer.store.tables by backtrainer.store.schema.generate_schema_sql(); do not edit by hand.

CREATE TABLE clinic_info (
	id INTEGER NOT NULL, 
	clinic_name VARCHAR(120) NOT NULL, 
	enabled_at VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE clinician (
	id VARCHAR(40) NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	pin_hash VARCHAR(400) NOT NULL, 
	added_at VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE profile (
	id INTEGER NOT NULL, 
	nickname VARCHAR(80) NOT NULL, 
	created_at VARCHAR NOT NULL, 
	age INTEGER, 
	first_episode BOOLEAN, 
	pain_weeks INTEGER, 
	flags JSON NOT NULL, 
	notice_accepted_at VARCHAR, 
	pin_hash VARCHAR, 
	locale VARCHAR NOT NULL, 
	emergency_number VARCHAR, 
	clinic_managed BOOLEAN NOT NULL, 
	config JSON NOT NULL, 
	assessment_state JSON NOT NULL, 
	plan_meta JSON DEFAULT '{}' NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE checkin (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	day VARCHAR NOT NULL, 
	at VARCHAR NOT NULL, 
	morning_pain INTEGER, 
	avg_24h INTEGER, 
	worst_24h INTEGER, 
	leg_pain INTEGER, 
	quick_check JSON NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_checkin_day UNIQUE (profile_id, day), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE TABLE event (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	at VARCHAR NOT NULL, 
	day VARCHAR NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	chain VARCHAR(8), 
	exercise_id VARCHAR(20), 
	reasons JSON NOT NULL, 
	payload JSON NOT NULL, 
	actor VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE INDEX ix_event_profile_at ON event (profile_id, at);

CREATE TABLE movement_test (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	test_id VARCHAR(20) NOT NULL, 
	at VARCHAR NOT NULL, 
	data JSON NOT NULL, 
	pain_before INTEGER, 
	pain_after INTEGER, 
	stopped_reason VARCHAR, 
	could_not_do BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE INDEX ix_movement_profile_test ON movement_test (profile_id, test_id, at);

CREATE TABLE pin_lockout (
	"key" VARCHAR(60) NOT NULL, 
	profile_id INTEGER, 
	failures INTEGER NOT NULL, 
	locked_until VARCHAR, 
	PRIMARY KEY ("key"), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE INDEX ix_pin_lockout_profile_id ON pin_lockout (profile_id);

CREATE TABLE plan_chain (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	chain VARCHAR(8) NOT NULL, 
	exercise_id VARCHAR(20) NOT NULL, 
	level INTEGER NOT NULL, 
	step INTEGER NOT NULL, 
	included BOOLEAN NOT NULL, 
	locked BOOLEAN NOT NULL, 
	since_day VARCHAR NOT NULL, 
	paused_until VARCHAR, 
	extra_set_side VARCHAR, 
	updated_at VARCHAR NOT NULL, 
	last_progressed_day VARCHAR, 
	deload_restore JSON, 
	maintenance BOOLEAN DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_plan_chain UNIQUE (profile_id, chain), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE TABLE questionnaire_response (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	instrument_id VARCHAR(20) NOT NULL, 
	instrument_version VARCHAR(40) NOT NULL, 
	language VARCHAR NOT NULL, 
	at VARCHAR NOT NULL, 
	raw_items JSON NOT NULL, 
	missing_count INTEGER NOT NULL, 
	score FLOAT, 
	subscores JSON NOT NULL, 
	band VARCHAR, 
	scoring_version VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE INDEX ix_questionnaire_profile_instr ON questionnaire_response (profile_id, instrument_id, at);

CREATE TABLE screening (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	at VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	answers JSON NOT NULL, 
	followups JSON NOT NULL, 
	tier VARCHAR NOT NULL, 
	reasons JSON NOT NULL, 
	app_version VARCHAR NOT NULL, 
	cleared_at VARCHAR, 
	cleared_by VARCHAR, 
	cleared_note VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE INDEX ix_screening_profile_at ON screening (profile_id, at);

CREATE TABLE session (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	day VARCHAR NOT NULL, 
	started_at VARCHAR NOT NULL, 
	finished_at VARCHAR, 
	kind VARCHAR NOT NULL, 
	pre_pain INTEGER, 
	post_pain INTEGER, 
	flare_answer VARCHAR, 
	counts BOOLEAN NOT NULL, 
	completed BOOLEAN NOT NULL, 
	minutes FLOAT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE
);

CREATE INDEX ix_session_profile_day ON session (profile_id, day);

CREATE TABLE body_map (
	id INTEGER NOT NULL, 
	profile_id INTEGER NOT NULL, 
	at VARCHAR NOT NULL, 
	context VARCHAR NOT NULL, 
	session_id INTEGER, 
	tier VARCHAR NOT NULL, 
	reasons JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(profile_id) REFERENCES profile (id) ON DELETE CASCADE, 
	FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE SET NULL
);

CREATE INDEX ix_body_map_profile_at ON body_map (profile_id, at);

CREATE TABLE exercise_result (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	exercise_id VARCHAR(20) NOT NULL, 
	chain VARCHAR(8), 
	level INTEGER, 
	step INTEGER, 
	prescribed INTEGER NOT NULL, 
	completed INTEGER NOT NULL, 
	worst_pain INTEGER, 
	rpe INTEGER, 
	form VARCHAR, 
	leg_spread BOOLEAN, 
	leg_worst INTEGER, 
	pre_leg INTEGER, 
	too_hard BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE CASCADE
);

CREATE INDEX ix_exercise_result_session_id ON exercise_result (session_id);

CREATE TABLE body_map_region (
	id INTEGER NOT NULL, 
	body_map_id INTEGER NOT NULL, 
	region_id VARCHAR(40) NOT NULL, 
	qualities JSON NOT NULL, 
	intensity INTEGER, 
	new_since_last BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(body_map_id) REFERENCES body_map (id) ON DELETE CASCADE
);

CREATE INDEX ix_body_map_region_body_map_id ON body_map_region (body_map_id);

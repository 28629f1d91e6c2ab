-- BI table for canonical MMP events (n8n-nodes-mmp-postback). One row per distinct callback:
-- MMPs re-send on timeouts and 5xx, so inserts use ON CONFLICT (dedup_key) DO NOTHING.
-- Text for ids (Branch ids exceed 2^53; IDFA/GAID are UUID-shaped but not always valid UUIDs),
-- text for ip (AppsFlyer's IP masking sends 1.1.1.1; some MMPs send garbage we still want to keep).
CREATE TABLE IF NOT EXISTS mmp_events (
	dedup_key        text        NOT NULL,
	mmp              text        NOT NULL,
	event_kind       text        NOT NULL,
	event_name       text,
	event_time       timestamptz,
	install_time     timestamptz,
	advertising_id   text,
	idfa             text,
	idfv             text,
	ip               text,
	user_agent       text,
	country          char(2),
	platform         text,
	os_version       text,
	app_id           text,
	app_version      text,
	campaign_id      text,
	campaign_name    text,
	adgroup          text,
	creative         text,
	site_id          text,
	media_source     text,
	click_id         text,
	revenue          numeric(20, 6),
	currency         char(3),
	revenue_usd      numeric(20, 6),
	is_organic       boolean,
	fraud_flag       boolean     NOT NULL DEFAULT false,
	fraud_reason     text,
	customer_user_id text,
	touch_type       text,
	mmp_device_id    text,
	-- Apple install-validation postbacks (SKAdNetwork, AdAttributionKit): docs/mmp-setup/apple.md.
	-- Conversion values are not covered by Apple's signature.
	conversion_value        smallint,
	coarse_conversion_value text,
	postback_sequence_index smallint,
	did_win                 boolean,
	fidelity_type           smallint,
	skan_version            text,
	signature_verified      boolean,
	raw              jsonb,
	received_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS mmp_events_dedup_key_uq ON mmp_events (dedup_key);
CREATE INDEX IF NOT EXISTS mmp_events_event_time_idx ON mmp_events (event_time);
CREATE INDEX IF NOT EXISTS mmp_events_app_kind_idx ON mmp_events (app_id, event_kind);

-- Tables created before the Apple columns existed: add them (a no-op on a new table).
ALTER TABLE mmp_events
	ADD COLUMN IF NOT EXISTS conversion_value        smallint,
	ADD COLUMN IF NOT EXISTS coarse_conversion_value text,
	ADD COLUMN IF NOT EXISTS postback_sequence_index smallint,
	ADD COLUMN IF NOT EXISTS did_win                 boolean,
	ADD COLUMN IF NOT EXISTS fidelity_type           smallint,
	ADD COLUMN IF NOT EXISTS skan_version            text,
	ADD COLUMN IF NOT EXISTS signature_verified      boolean;

ALTER TABLE `clicks` ADD CONSTRAINT `clicks_affiliate_click_id` UNIQUE(`affiliate_id`,`click_id`);--> statement-breakpoint
ALTER TABLE `conversions` ADD CONSTRAINT `conversions_affiliate_click_event_txid` UNIQUE(`affiliate_id`,`click_id`,`event`,`txid`);--> statement-breakpoint
ALTER TABLE `clicks` DROP INDEX `clicks_click_id`;--> statement-breakpoint
ALTER TABLE `conversions` DROP INDEX `conversions_click_event_txid`;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `min_ctit_seconds` int;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `quality_threshold` tinyint unsigned DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE `clicks` ADD `quality_score` tinyint unsigned;--> statement-breakpoint
ALTER TABLE `clicks` ADD `quality_reasons` varchar(255);--> statement-breakpoint
ALTER TABLE `clicks` ADD `is_suspicious` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `clicks` ADD `asn` int unsigned;--> statement-breakpoint
ALTER TABLE `clicks` ADD `as_org` varchar(128);--> statement-breakpoint
ALTER TABLE `conversions` ADD `reason` varchar(40);--> statement-breakpoint
ALTER TABLE `conversions` ADD `ctit_seconds` int;--> statement-breakpoint
ALTER TABLE `conversions` ADD `ip_hash` char(32);--> statement-breakpoint
ALTER TABLE `daily_clicks` ADD `suspicious_clicks` int DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `clicks_click_id_lookup` ON `clicks` (`click_id`);--> statement-breakpoint
CREATE INDEX `conversions_campaign_visitor` ON `conversions` (`campaign_id`,`ip_hash`,`timestamp`);
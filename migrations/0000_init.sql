CREATE TABLE `affiliates` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(100) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`api_key_hash` varchar(64) NOT NULL,
	`postback_secret_version` int NOT NULL DEFAULT 1,
	`previous_secret_valid_until` datetime(3),
	`outgoing_postback_url` varchar(2048),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `affiliates_id` PRIMARY KEY(`id`),
	CONSTRAINT `affiliates_api_key_hash` UNIQUE(`api_key_hash`)
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(100) NOT NULL,
	`offer_url` varchar(2048),
	`default_payout` decimal(15,4),
	`currency` char(3) NOT NULL DEFAULT 'USD',
	`attribution_window_days` int NOT NULL DEFAULT 30,
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaigns_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `click_fingerprints` (
	`campaign_id` int NOT NULL,
	`ip_hash` char(32) NOT NULL,
	`day` date NOT NULL,
	`first_click_id` varchar(100) NOT NULL,
	CONSTRAINT `click_fingerprints_pk` PRIMARY KEY(`campaign_id`,`ip_hash`,`day`)
);
--> statement-breakpoint
CREATE TABLE `clicks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`click_id` varchar(100) NOT NULL,
	`affiliate_id` int NOT NULL,
	`campaign_id` int NOT NULL,
	`sub1` varchar(255),
	`sub2` varchar(255),
	`sub3` varchar(255),
	`sub4` varchar(255),
	`sub5` varchar(255),
	`ip_hash` char(32),
	`user_agent` varchar(512),
	`country` char(2),
	`referrer` varchar(1024),
	`is_unique` boolean NOT NULL DEFAULT true,
	`ingest_id` char(22),
	`timestamp` datetime(3) NOT NULL,
	CONSTRAINT `clicks_id` PRIMARY KEY(`id`),
	CONSTRAINT `clicks_click_id` UNIQUE(`click_id`)
);
--> statement-breakpoint
CREATE TABLE `conversions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`click_id` varchar(100) NOT NULL,
	`affiliate_id` int NOT NULL,
	`campaign_id` int NOT NULL,
	`amount` decimal(15,4) NOT NULL,
	`payout` decimal(15,4),
	`currency` char(3) NOT NULL,
	`status` varchar(10) NOT NULL DEFAULT 'approved',
	`event` varchar(64) NOT NULL DEFAULT 'conversion',
	`txid` varchar(100) NOT NULL DEFAULT '',
	`timestamp` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `conversions_id` PRIMARY KEY(`id`),
	CONSTRAINT `conversions_click_event_txid` UNIQUE(`click_id`,`event`,`txid`)
);
--> statement-breakpoint
CREATE TABLE `daily_clicks` (
	`affiliate_id` int NOT NULL,
	`campaign_id` int NOT NULL,
	`day` date NOT NULL,
	`clicks` int NOT NULL DEFAULT 0,
	`unique_clicks` int NOT NULL DEFAULT 0,
	CONSTRAINT `daily_clicks_pk` PRIMARY KEY(`affiliate_id`,`day`,`campaign_id`)
);
--> statement-breakpoint
CREATE TABLE `daily_conversions` (
	`affiliate_id` int NOT NULL,
	`campaign_id` int NOT NULL,
	`day` date NOT NULL,
	`currency` char(3) NOT NULL,
	`status` varchar(10) NOT NULL,
	`conversions` int NOT NULL DEFAULT 0,
	`revenue` decimal(20,4) NOT NULL DEFAULT '0',
	`payout` decimal(20,4) NOT NULL DEFAULT '0',
	CONSTRAINT `daily_conversions_pk` PRIMARY KEY(`affiliate_id`,`day`,`campaign_id`,`currency`,`status`)
);
--> statement-breakpoint
CREATE TABLE `postback_deliveries` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`affiliate_id` int NOT NULL,
	`conversion_id` bigint unsigned NOT NULL,
	`url` varchar(2048) NOT NULL,
	`status_code` int,
	`error` varchar(255),
	`attempt` int NOT NULL,
	`timestamp` datetime(3) NOT NULL,
	CONSTRAINT `postback_deliveries_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `clicks_affiliate_time` ON `clicks` (`affiliate_id`,`timestamp`,`id`);--> statement-breakpoint
CREATE INDEX `conversions_affiliate_time` ON `conversions` (`affiliate_id`,`timestamp`,`id`);--> statement-breakpoint
CREATE INDEX `postback_deliveries_affiliate_time` ON `postback_deliveries` (`affiliate_id`,`timestamp`,`id`);
CREATE TABLE `advertisers` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(100) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`api_key_hash` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`postback_secret_version` int NOT NULL DEFAULT 1,
	`previous_secret_valid_until` datetime(3),
	`status_map` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `advertisers_id` PRIMARY KEY(`id`),
	CONSTRAINT `advertisers_api_key_hash` UNIQUE(`api_key_hash`)
);
--> statement-breakpoint
CREATE TABLE `caps` (
	`id` int AUTO_INCREMENT NOT NULL,
	`campaign_id` int NOT NULL,
	`affiliate_id` int,
	`period` varchar(8) NOT NULL,
	`metric` varchar(12) NOT NULL,
	`limit` decimal(15,4) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`retired_at` datetime(3),
	CONSTRAINT `caps_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `conversion_history` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`conversion_id` bigint unsigned NOT NULL,
	`from_status` varchar(10),
	`to_status` varchar(10) NOT NULL,
	`reason` varchar(40),
	`note` varchar(500),
	`credential_kind` varchar(16) NOT NULL,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `conversion_history_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `payout_rules` (
	`id` int AUTO_INCREMENT NOT NULL,
	`campaign_id` int NOT NULL,
	`affiliate_id` int,
	`country` char(2),
	`event` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
	`type` varchar(10) NOT NULL,
	`value` decimal(15,4) NOT NULL,
	`currency` char(3) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`retired_at` datetime(3),
	CONSTRAINT `payout_rules_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `postback_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`received_at` datetime(3) NOT NULL,
	`outcome` varchar(16) NOT NULL,
	`http_status` smallint NOT NULL,
	`reason` varchar(40),
	`message` varchar(300),
	`credential_kind` varchar(16) NOT NULL,
	`preset` varchar(16),
	`click_id` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
	`advertiser_id` int,
	`campaign_id` int,
	`affiliate_id` int,
	`conversion_id` bigint unsigned,
	`params` text NOT NULL,
	CONSTRAINT `postback_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `advertiser_id` int DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `affiliate_postbacks` varchar(10) DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `time_zone` varchar(64);--> statement-breakpoint
ALTER TABLE `conversions` ADD `payout_rule_id` int;--> statement-breakpoint
ALTER TABLE `conversions` ADD `status_set_by` varchar(16) DEFAULT 'advertiser' NOT NULL;--> statement-breakpoint
CREATE INDEX `caps_campaign` ON `caps` (`campaign_id`,`retired_at`);--> statement-breakpoint
CREATE INDEX `conversion_history_conversion` ON `conversion_history` (`conversion_id`,`id`);--> statement-breakpoint
CREATE INDEX `payout_rules_campaign` ON `payout_rules` (`campaign_id`,`retired_at`);--> statement-breakpoint
CREATE INDEX `postback_log_time` ON `postback_log` (`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `postback_log_advertiser_time` ON `postback_log` (`advertiser_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `postback_log_click` ON `postback_log` (`click_id`);--> statement-breakpoint
CREATE INDEX `campaigns_advertiser` ON `campaigns` (`advertiser_id`);--> statement-breakpoint
CREATE INDEX `conversions_campaign_status_time` ON `conversions` (`campaign_id`,`status`,`timestamp`);--> statement-breakpoint
INSERT INTO `advertisers` (`id`, `name`, `api_key_hash`) VALUES (1, 'Default advertiser', REPEAT('x', 64));

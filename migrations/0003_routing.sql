CREATE TABLE `campaign_rule_versions` (
	`campaign_id` int NOT NULL,
	`version` int NOT NULL,
	`rules` mediumtext NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `campaign_rule_versions_pk` PRIMARY KEY(`campaign_id`,`version`)
);
--> statement-breakpoint
CREATE TABLE `smartlinks` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(100) NOT NULL,
	`status` varchar(16) NOT NULL DEFAULT 'active',
	`campaigns` mediumtext NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `smartlinks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `fallback_url` varchar(2048);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `rule_version` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `clicks` ADD `rule_version` int;--> statement-breakpoint
ALTER TABLE `clicks` ADD `variant_id` varchar(64);--> statement-breakpoint
ALTER TABLE `clicks` ADD `smartlink_id` int;--> statement-breakpoint
ALTER TABLE `clicks` ADD `device` varchar(16);--> statement-breakpoint
ALTER TABLE `clicks` ADD `os` varchar(16);
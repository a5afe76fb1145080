CREATE TABLE `outgoing_postbacks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`affiliate_id` int NOT NULL,
	`conversion_id` bigint unsigned NOT NULL,
	`conversion_status` varchar(16),
	`url` varchar(2048) NOT NULL,
	`url_length` int,
	`status_code` int,
	`error` varchar(255),
	`attempt` int NOT NULL,
	`timestamp` datetime(3) NOT NULL,
	`claim_key` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
	CONSTRAINT `outgoing_postbacks_id` PRIMARY KEY(`id`),
	CONSTRAINT `outgoing_postbacks_claim` UNIQUE(`claim_key`)
);
--> statement-breakpoint
CREATE INDEX `outgoing_postbacks_affiliate_time` ON `outgoing_postbacks` (`affiliate_id`,`timestamp`,`id`);--> statement-breakpoint
-- The attempts logged under the former name keep their ids and claims (a deploy request carries no
-- rows: on production this statement is run by hand, see docs/operations.md).
INSERT INTO `outgoing_postbacks` (`id`, `affiliate_id`, `conversion_id`, `conversion_status`, `url`, `url_length`, `status_code`, `error`, `attempt`, `timestamp`, `claim_key`)
SELECT `id`, `affiliate_id`, `conversion_id`, `conversion_status`, `url`, `url_length`, `status_code`, `error`, `attempt`, `timestamp`, `claim_key` FROM `postback_deliveries`;
CREATE TABLE `postback_signatures` (
	`signature_hash` char(64) NOT NULL,
	`seen_at` datetime(3) NOT NULL,
	CONSTRAINT `postback_signatures_signature_hash` PRIMARY KEY(`signature_hash`)
);
--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD `conversion_status` varchar(16);--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD `url_length` int;--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD `claim_key` varchar(64);--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD CONSTRAINT `postback_deliveries_claim` UNIQUE(`claim_key`);--> statement-breakpoint
CREATE INDEX `postback_signatures_seen_at` ON `postback_signatures` (`seen_at`);
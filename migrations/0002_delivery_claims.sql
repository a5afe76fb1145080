ALTER TABLE `postback_deliveries` ADD `conversion_status` varchar(16);--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD `url_length` int;--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD `claim_key` varchar(64);--> statement-breakpoint
ALTER TABLE `postback_deliveries` ADD CONSTRAINT `postback_deliveries_claim` UNIQUE(`claim_key`);
ALTER TABLE `affiliates` MODIFY COLUMN `api_key_hash` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `click_fingerprints` MODIFY COLUMN `first_click_id` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `clicks` MODIFY COLUMN `click_id` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `clicks` MODIFY COLUMN `ingest_id` char(22) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;--> statement-breakpoint
ALTER TABLE `conversions` MODIFY COLUMN `click_id` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `conversions` MODIFY COLUMN `event` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'conversion';--> statement-breakpoint
ALTER TABLE `conversions` MODIFY COLUMN `txid` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '';--> statement-breakpoint
ALTER TABLE `postback_deliveries` MODIFY COLUMN `claim_key` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
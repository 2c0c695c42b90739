CREATE TABLE `trial_uses` (
	`buyer_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`buyer_id`, `listing_id`),
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Trials taken before this table: each buyer and listing with a trial row counts as used (a
-- database may hold several for one pair, so the earliest is kept).
INSERT INTO `trial_uses` (`buyer_id`, `listing_id`, `created_at`)
SELECT `owner_id`, `listing_id`, min(`created_at`) FROM `my_apps` WHERE `kind` = 'trial' GROUP BY `owner_id`, `listing_id`;

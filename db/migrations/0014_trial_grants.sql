CREATE TABLE `trial_grants` (
	`owner_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`owner_id`, `listing_id`),
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The trials taken so far, as far as they are still known: trials deleted before this version left no row.
INSERT OR IGNORE INTO `trial_grants` (`owner_id`, `listing_id`, `created_at`) SELECT `owner_id`, `listing_id`, min(`created_at`) FROM `my_apps` WHERE `kind` = 'trial' GROUP BY `owner_id`, `listing_id`;
--> statement-breakpoint
DROP INDEX `my_apps_one_active_trial`;
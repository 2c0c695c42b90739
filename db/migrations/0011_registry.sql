CREATE TABLE `registry_pull_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`deployment_id` text NOT NULL,
	`hash` text NOT NULL,
	`version_ids` text NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registry_pull_tokens_hash_unique` ON `registry_pull_tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `registry_pull_tokens_deployment` ON `registry_pull_tokens` (`deployment_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `handle` text;--> statement-breakpoint
-- Back-fill handles from the email's local part (".", "_", "+" become "-"); anything else that is
-- not a letter or digit gives "user-<id>"; a handle an older account already has gets "-<id>".
UPDATE `users` SET `handle` = lower(replace(replace(replace(substr(`email`, 1, instr(`email`, '@') - 1), '.', '-'), '_', '-'), '+', '-'));--> statement-breakpoint
UPDATE `users` SET `handle` = replace(replace(replace(`handle`, '--', '-'), '--', '-'), '--', '-');--> statement-breakpoint
UPDATE `users` SET `handle` = 'user-' || lower(substr(replace(`id`, '-', ''), 1, 8)) WHERE `handle` = '' OR `handle` GLOB '*[^a-z0-9-]*' OR `handle` GLOB '-*' OR `handle` GLOB '*-' OR length(`handle`) > 40;--> statement-breakpoint
UPDATE `users` SET `handle` = `handle` || '-' || lower(substr(replace(`id`, '-', ''), 1, 6)) WHERE EXISTS (SELECT 1 FROM `users` AS `o` WHERE `o`.`handle` = `users`.`handle` AND (`o`.`created_at` < `users`.`created_at` OR (`o`.`created_at` = `users`.`created_at` AND `o`.`id` < `users`.`id`)));--> statement-breakpoint
CREATE UNIQUE INDEX `users_handle_unique` ON `users` (`handle`);--> statement-breakpoint
ALTER TABLE `image_versions` ADD `registry_manifest` text;--> statement-breakpoint
ALTER TABLE `image_versions` ADD `registry_manifest_digest` text;--> statement-breakpoint
ALTER TABLE `image_versions` ADD `registry_blobs` text;
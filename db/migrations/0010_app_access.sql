CREATE TABLE `device_bindings` (
	`my_app_id` text NOT NULL,
	`device_seq` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`my_app_id`, `device_seq`),
	FOREIGN KEY (`my_app_id`) REFERENCES `my_apps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`device_seq`) REFERENCES `devices`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_bindings_device` ON `device_bindings` (`device_seq`);--> statement-breakpoint
ALTER TABLE `my_apps` ADD `app_key_hash` text;--> statement-breakpoint
ALTER TABLE `my_apps` ADD `app_key_enc` text;--> statement-breakpoint
ALTER TABLE `my_apps` ADD `app_key_created_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `my_apps_app_key_hash_unique` ON `my_apps` (`app_key_hash`);
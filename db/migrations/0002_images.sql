CREATE TABLE `image_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`image_id` text NOT NULL,
	`version` text NOT NULL,
	`status` text NOT NULL,
	`file_name` text NOT NULL,
	`upload_id` text,
	`size` integer NOT NULL,
	`unpacked_size` integer,
	`sha256` text,
	`repo_tags` text,
	`os` text,
	`architecture` text,
	`failure_code` text,
	`failure_detail` text,
	`file_path` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `image_versions_upload_id_unique` ON `image_versions` (`upload_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `image_versions_image_version` ON `image_versions` (`image_id`,`version`);--> statement-breakpoint
CREATE INDEX `image_versions_status` ON `image_versions` (`status`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `images_owner_name` ON `images` (`owner_id`,`name`);--> statement-breakpoint
CREATE TABLE `spec_image_refs` (
	`spec_id` text NOT NULL,
	`image_version_id` text NOT NULL,
	PRIMARY KEY(`spec_id`, `image_version_id`),
	FOREIGN KEY (`image_version_id`) REFERENCES `image_versions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `spec_image_refs_version` ON `spec_image_refs` (`image_version_id`);
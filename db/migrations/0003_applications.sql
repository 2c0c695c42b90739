CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`industry` text NOT NULL,
	`scenario` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`review_status` text DEFAULT 'none' NOT NULL,
	`published_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_owner_name` ON `applications` (`owner_id`,`name`);--> statement-breakpoint
CREATE TABLE `industries` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scenarios` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `industries_name_unique` ON `industries` (`name`);--> statement-breakpoint
CREATE TABLE `specs` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`type` text NOT NULL,
	`location` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`allow_trial` integer DEFAULT false NOT NULL,
	`graph` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`price_monthly` integer,
	`price_yearly` integer,
	`currency` text,
	`unresolved_images` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `specs_application_name` ON `specs` (`application_id`,`name`);--> statement-breakpoint
CREATE INDEX `specs_application` ON `specs` (`application_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_spec_image_refs` (
	`spec_id` text NOT NULL,
	`image_version_id` text NOT NULL,
	PRIMARY KEY(`spec_id`, `image_version_id`),
	FOREIGN KEY (`spec_id`) REFERENCES `specs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`image_version_id`) REFERENCES `image_versions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
INSERT INTO `__new_spec_image_refs`("spec_id", "image_version_id") SELECT "spec_id", "image_version_id" FROM `spec_image_refs` WHERE "spec_id" IN (SELECT "id" FROM `specs`);--> statement-breakpoint
DROP TABLE `spec_image_refs`;--> statement-breakpoint
ALTER TABLE `__new_spec_image_refs` RENAME TO `spec_image_refs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `spec_image_refs_version` ON `spec_image_refs` (`image_version_id`);
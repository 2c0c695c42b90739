CREATE TABLE `listings` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`submission_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`description` text NOT NULL,
	`industry` text NOT NULL,
	`scenario` text NOT NULL,
	`logo_id` text NOT NULL,
	`showcase_id` text NOT NULL,
	`intro_ids` text NOT NULL,
	`specs` text NOT NULL,
	`has_trial` integer NOT NULL,
	`experience_spec_ids` text NOT NULL,
	`published_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listings_application_id_unique` ON `listings` (`application_id`);--> statement-breakpoint
CREATE INDEX `listings_industry` ON `listings` (`industry`,`scenario`);--> statement-breakpoint
CREATE INDEX `listings_published` ON `listings` (`published_at`);--> statement-breakpoint
CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`kind` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`application_id` text NOT NULL,
	`submitted_by` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`material` text NOT NULL,
	`spec_ids` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`reasons` text DEFAULT '[]' NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `submissions_application` ON `submissions` (`application_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `submissions_status` ON `submissions` (`status`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_one_pending` ON `submissions` (`application_id`) WHERE status = 'pending';
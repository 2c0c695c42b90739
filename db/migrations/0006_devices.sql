CREATE TABLE `batch_files` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`format` text NOT NULL,
	`rows` integer NOT NULL,
	`path` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `batch_files_owner` ON `batch_files` (`owner_id`);--> statement-breakpoint
CREATE TABLE `batch_task_items` (
	`task_id` text NOT NULL,
	`idx` integer NOT NULL,
	`status` text DEFAULT 'Waitting' NOT NULL,
	`node_id` text NOT NULL,
	`device_name` text NOT NULL,
	`product_id` text NOT NULL,
	`auth_type` text NOT NULL,
	`secret_enc` text,
	`fingerprint` text NOT NULL,
	`secret_generated` integer DEFAULT false NOT NULL,
	`device_id` text,
	`error_code` text,
	`error_field` text,
	FOREIGN KEY (`task_id`) REFERENCES `batch_tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_task_items_pk` ON `batch_task_items` (`task_id`,`idx`);--> statement-breakpoint
CREATE INDEX `batch_task_items_status` ON `batch_task_items` (`task_id`,`status`,`idx`);--> statement-breakpoint
CREATE TABLE `batch_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`file_id` text NOT NULL,
	`status` text DEFAULT 'Initializing' NOT NULL,
	`error` text,
	`total` integer DEFAULT 0 NOT NULL,
	`success` integer DEFAULT 0 NOT NULL,
	`fail` integer DEFAULT 0 NOT NULL,
	`secrets_downloaded_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `batch_tasks_owner` ON `batch_tasks` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `devices` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`owner_id` text NOT NULL,
	`product_id` text NOT NULL,
	`node_id` text NOT NULL,
	`name` text NOT NULL,
	`auth_type` text NOT NULL,
	`secret_enc` text,
	`fingerprint` text,
	`secure` integer NOT NULL,
	`status` text DEFAULT 'INACTIVE' NOT NULL,
	`last_seen_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_id_unique` ON `devices` (`id`);--> statement-breakpoint
CREATE INDEX `devices_owner_seq` ON `devices` (`owner_id`,`seq`);--> statement-breakpoint
CREATE INDEX `devices_owner_product_seq` ON `devices` (`owner_id`,`product_id`,`seq`);--> statement-breakpoint
CREATE INDEX `devices_owner_status_seq` ON `devices` (`owner_id`,`status`,`seq`);--> statement-breakpoint
CREATE INDEX `devices_owner_node` ON `devices` (`owner_id`,"node_id" collate nocase);--> statement-breakpoint
CREATE INDEX `devices_owner_name` ON `devices` (`owner_id`,"name" collate nocase);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`protocol` text NOT NULL,
	`device_type` text NOT NULL,
	`manufacturer` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `products_owner` ON `products` (`owner_id`,`created_at`);
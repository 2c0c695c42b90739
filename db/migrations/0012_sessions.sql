DROP TABLE `login_failures`;--> statement-breakpoint
ALTER TABLE `users` ADD `sessions_valid_after` integer DEFAULT 0 NOT NULL;
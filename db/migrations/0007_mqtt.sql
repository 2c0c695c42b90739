CREATE TABLE `device_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_seq` integer NOT NULL,
	`topic` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`device_seq`) REFERENCES `devices`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_messages_device` ON `device_messages` (`device_seq`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `device_messages_received` ON `device_messages` (`received_at`);
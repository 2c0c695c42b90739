ALTER TABLE `industries` ADD `name_en` text;--> statement-breakpoint
ALTER TABLE `industries` ADD `scenarios_en` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `my_apps` ADD `app_key_shown_at` integer;--> statement-breakpoint
-- The seeded industries (0004) get their English names where the operator kept the Chinese one;
-- scenario names map by Chinese name, so a renamed or removed scenario simply keeps no English one.
UPDATE `industries` SET `name_en` = 'Smart campus', `scenarios_en` = '{"园区安防": "Campus security", "能耗管理": "Energy management", "智能停车": "Smart parking", "访客管理": "Visitor management"}' WHERE `name` = '智慧园区';
--> statement-breakpoint
UPDATE `industries` SET `name_en` = 'Smart city', `scenarios_en` = '{"智慧路灯": "Smart street lighting", "环境监测": "Environmental monitoring", "城市排水": "Urban drainage", "智能井盖": "Smart manhole covers"}' WHERE `name` = '智慧城市';
--> statement-breakpoint
UPDATE `industries` SET `name_en` = 'Smart manufacturing', `scenarios_en` = '{"设备监控": "Equipment monitoring", "预测性维护": "Predictive maintenance", "产线可视化": "Production line visualization", "质量检测": "Quality inspection"}' WHERE `name` = '智能制造';
--> statement-breakpoint
UPDATE `industries` SET `name_en` = 'Smart energy', `scenarios_en` = '{"智能电表": "Smart meters", "光伏监控": "Solar PV monitoring", "储能管理": "Energy storage management", "充电桩运营": "EV charging operations"}' WHERE `name` = '智慧能源';
--> statement-breakpoint
UPDATE `industries` SET `name_en` = 'Smart transport', `scenarios_en` = '{"车联网": "Connected vehicles", "智能公交": "Smart buses", "交通信号控制": "Traffic signal control", "物流追踪": "Logistics tracking"}' WHERE `name` = '智慧交通';
--> statement-breakpoint
UPDATE `industries` SET `name_en` = 'Smart agriculture', `scenarios_en` = '{"温室大棚": "Greenhouses", "智能灌溉": "Smart irrigation", "畜牧养殖": "Livestock farming", "农产品溯源": "Produce traceability"}' WHERE `name` = '智慧农业';
--> statement-breakpoint
-- Keys made before this column: assume they were shown (a reset shows its key), as the page said.
UPDATE `my_apps` SET `app_key_shown_at` = `app_key_created_at` WHERE `app_key_hash` IS NOT NULL;

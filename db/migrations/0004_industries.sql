-- The operator-managed industries and scenarios start with these values; operators edit them at
-- /admin/industries. Seeded here, once, so that an operator's deletions are never undone.
INSERT INTO `industries` (`id`, `name`, `scenarios`, `position`) VALUES
  ('ind-park', '智慧园区', '["园区安防","能耗管理","智能停车","访客管理"]', 1),
  ('ind-city', '智慧城市', '["智慧路灯","环境监测","城市排水","智能井盖"]', 2),
  ('ind-manufacturing', '智能制造', '["设备监控","预测性维护","产线可视化","质量检测"]', 3),
  ('ind-energy', '智慧能源', '["智能电表","光伏监控","储能管理","充电桩运营"]', 4),
  ('ind-transport', '智慧交通', '["车联网","智能公交","交通信号控制","物流追踪"]', 5),
  ('ind-agriculture', '智慧农业', '["温室大棚","智能灌溉","畜牧养殖","农产品溯源"]', 6)
ON CONFLICT (`name`) DO NOTHING;

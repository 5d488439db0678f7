// Chinese by default; English when chosen (remembered in localStorage).
const EN = {
  app: "Kechuang Shaanxi", near: "Near me", mine: "Mine", station: "Field log", admin: "Admin", outbox: "Outbox",
  offline: "Offline: what you save is kept on this phone and sent later", online: "Online",
  lang: "中文", large: "Large text", normal: "Normal text", login: "Log in", logout: "Log out", register: "Register",
  phone: "Mobile number", password: "Password", name: "Name", display_name: "Your name",
  use_location: "Find events near me", or_pick: "Or choose your county or town", search_place: "County or town name",
  locating: "Finding your position…", loc_denied: "No position: choose your county or town below.",
  kind: "Kind", all: "All", date_from: "From", date_to: "To", list: "List", map: "Map",
  none_near: "No upcoming events within {r} km: try a wider distance.", radius: "Within", km: "km", saved_copy: "Saved copy from", more: "More events, farther away",
  k_lecture: "Lecture", k_clinic: "Free clinic", k_emergency_drill: "Emergency drill", k_training: "Training",
  k_extension: "Farm extension", k_expert_visit: "Expert visit", k_consultation: "Consultation",
  when: "When", where: "Where", directions: "Directions", open_map_app: "Open in map app", add_calendar: "Add to calendar",
  reserve: "Reserve a seat", seats_left: "Seats left", reserved: "Your seat is reserved.", seat_held: "You hold a seat at this event.", cancel_seat: "Give my seat back", seat_given_back: "Your seat is given back to others.", queued: "Saved: it will be sent when online.",
  roles: "Volunteer roles", places_left: "places left", sign_up: "Sign up", join_waitlist: "Join waitlist", cancel: "Cancel",
  s_confirmed: "Confirmed", s_waitlisted: "Waitlisted", s_offered: "Place offered", s_cancelled: "Cancelled",
  position: "Position", confirm_place: "Take the place",
  upcoming: "Upcoming", waitlisted: "Waitlisted", past: "Past", notifications: "Notifications", hours: "Service hours",
  certificate: "Certificate", issue_cert: "Issue certificate for", download: "Download", scan: "Scan check-in code",
  push_on: "Turn on reminders", push_done: "Reminders are on", push_off: "Turn off reminders", year: "Year",
  checkin: "Check in / out", paste_code: "Or paste the code", send: "Send", camera_start: "Open camera",
  checked: "Done:", dir_in: "Checked in", dir_out: "Checked out", flag_far: "Recorded, but flagged for the organiser: far from the venue.", flag_no_position: "Recorded, but flagged for the organiser: no position was sent. Allow location next time.",
  fl_title: "Log an activity", fl_kind: "What was held", fl_when: "When", fl_gps: "Get GPS position", fl_acc: "accuracy",
  fl_gps_fail: "No GPS: choose the township or county", topic: "Topic", subjects: "Crops or health topics (comma separated)",
  people: "People served", women: "of whom women", low_income: "from low-income households", over_60: "aged over 60",
  materials: "Materials handed out (one per line)", experts: "Experts present (comma separated)", note: "Note",
  photos: "Photos (up to 6)", save: "Save", saved_outbox: "Saved on this phone. It is in the outbox and will be sent.",
  station_pick: "Station", no_station: "You head no station. Log in as a station head.",
  ob_title: "Waiting to send", ob_empty: "Nothing waiting.", ob_sync: "Send now", ob_retry: "Try again", ob_remove: "Remove",
  st_waiting: "Waiting", st_synced: "Sent", st_failed: "Failed", st_conflict: "Kept for review",
  photo: "Photo", fieldlog: "Field log", request: "Request",
  ev_new: "New event", title: "Title", description: "Description", starts: "Starts", ends: "Ends", venue: "Venue",
  county: "County", lat: "Latitude", lng: "Longitude", pick_on_map: "Pick on the map", deadline: "Sign-up deadline",
  roles_hint: "One per line: name and places, e.g. 讲师 2", resident_seats: "Resident seats", create: "Create draft",
  publish: "Publish", published: "Published", signups: "Sign-ups", reservations: "Reservations", qr: "Check-in QR",
  qr_out: "Check-out QR", verify: "Verify", adjust: "Adjust", minutes: "Minutes", reason: "Reason", compute: "Compute hours",
  review: "Flagged logs", accept: "Accept", reject: "Reject", flags: "Flags", my_events: "Events in my area",
  login_needed: "Log in first.", loading: "Loading…", error_net: "No connection. Try again when online.",
  back: "Back", status: "Status", refresh: "Refresh", open: "Open",
};

const ZH = {
  app: "科创陕西", near: "附近活动", mine: "我的", station: "站点日志", admin: "管理", outbox: "待发送",
  offline: "当前离线：保存的内容留在手机上，联网后自动发送", online: "在线",
  lang: "EN", large: "大字模式", normal: "标准字号", login: "登录", logout: "退出", register: "注册",
  phone: "手机号", password: "密码", name: "姓名", display_name: "您的称呼",
  use_location: "查找我附近的活动", or_pick: "或选择所在县区、乡镇", search_place: "输入县区或乡镇名称",
  locating: "正在获取位置…", loc_denied: "未获得位置：请在下面选择县区或乡镇。",
  kind: "类型", all: "全部", date_from: "开始日期", date_to: "结束日期", list: "列表", map: "地图",
  none_near: "{r} 公里内暂无即将开始的活动，可以放宽距离。", radius: "距离", km: "公里", saved_copy: "离线副本，保存于", more: "更多活动（更远）",
  k_lecture: "科普巡讲", k_clinic: "医疗义诊", k_emergency_drill: "应急科普", k_training: "科技培训",
  k_extension: "农技推广", k_expert_visit: "院士专家企业行", k_consultation: "咨询",
  when: "时间", where: "地点", directions: "怎么去", open_map_app: "用地图应用导航", add_calendar: "加入手机日历",
  reserve: "预约座位", seats_left: "剩余座位", reserved: "座位已预约。", seat_held: "您已预约本活动的座位。", cancel_seat: "取消预约", seat_given_back: "已取消预约，座位留给其他人。", queued: "已保存，联网后自动提交。",
  roles: "志愿者岗位", places_left: "个名额", sign_up: "报名", join_waitlist: "排队候补", cancel: "取消",
  s_confirmed: "已报名", s_waitlisted: "候补中", s_offered: "候补递补待确认", s_cancelled: "已取消",
  position: "候补位次", confirm_place: "确认递补",
  upcoming: "即将参加", waitlisted: "候补", past: "已参加", notifications: "消息", hours: "志愿服务时长",
  certificate: "证书", issue_cert: "开具证书：年度", download: "下载", scan: "扫码签到",
  push_on: "开启活动提醒", push_done: "活动提醒已开启", push_off: "关闭活动提醒", year: "年度",
  checkin: "签到 / 签退", paste_code: "或粘贴签到码", send: "提交", camera_start: "打开相机",
  checked: "完成：", dir_in: "已签到", dir_out: "已签退", flag_far: "已记录，但距活动地点较远，已提示组织者核实。", flag_no_position: "已记录，但未发送位置，已提示组织者核实。下次请允许获取位置。",
  fl_title: "记录一次活动", fl_kind: "活动类型", fl_when: "时间", fl_gps: "获取 GPS 位置", fl_acc: "精度",
  fl_gps_fail: "无法定位：请选择乡镇或县区", topic: "主题", subjects: "涉及作物或健康主题（逗号分隔）",
  people: "服务人数", women: "其中女性", low_income: "其中脱贫户", over_60: "其中 60 岁以上",
  materials: "发放资料（每行一项）", experts: "到场专家（逗号分隔）", note: "备注",
  photos: "照片（最多 6 张）", save: "保存", saved_outbox: "已保存在手机上，已放入待发送，联网后自动上传。",
  station_pick: "站点", no_station: "您不是站长。请用站长账号登录。",
  ob_title: "待发送", ob_empty: "没有待发送的内容。", ob_sync: "立即发送", ob_retry: "重试", ob_remove: "删除",
  st_waiting: "等待发送", st_synced: "已发送", st_failed: "发送失败", st_conflict: "已保留待审核",
  photo: "照片", fieldlog: "活动记录", request: "提交",
  ev_new: "新建活动", title: "标题", description: "简介", starts: "开始", ends: "结束", venue: "地点名称",
  county: "县区", lat: "纬度", lng: "经度", pick_on_map: "在地图上选点", deadline: "报名截止",
  roles_hint: "每行一个：岗位名和名额，例如 讲师 2", resident_seats: "群众座位数", create: "保存草稿",
  publish: "发布", published: "已发布", signups: "报名与候补", reservations: "群众预约", qr: "签到二维码",
  qr_out: "签退二维码", verify: "核定", adjust: "调整", minutes: "分钟", reason: "原因", compute: "计算时长",
  review: "待审核日志", accept: "通过", reject: "驳回", flags: "疑点", my_events: "本辖区活动",
  login_needed: "请先登录。", loading: "加载中…", error_net: "网络不通，请联网后再试。",
  back: "返回", status: "状态", refresh: "刷新", open: "打开",
};

export let lang = localStorage.getItem("lang") === "en" ? "en" : "zh";

export function t(key) {
  return (lang === "en" ? EN : ZH)[key] ?? key;
}

export function setLang(value) {
  lang = value;
  localStorage.setItem("lang", value);
  document.documentElement.lang = value === "en" ? "en" : "zh-CN";
}

export const KINDS = ["lecture", "clinic", "emergency_drill", "training", "extension", "expert_visit"];
export const LOG_KINDS = ["training", "clinic", "extension", "lecture", "consultation"];

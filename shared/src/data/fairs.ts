/** What the judicial office's stall offers at a fair; forms suggest these, free entries are allowed. */
export const FAIR_SERVICES = ['法律咨询', '人民调解', '法律援助申请', '普法资料发放', '公证咨询', '矛盾纠纷排查'] as const;
/** Who comes to the stall. */
export const FAIR_UNITS = ['司法所', '律师事务所', '公证处', '法律援助中心', '人民法庭', '派出所', '人民调解委员会'] as const;

/** The people of a township's 普法 programme, as the 司法所 keeps them (名册). */
export const ROSTER_ROLES = ['literate', 'popularizer', 'adviser'] as const;

export const ROSTER_ROLE_LABELS: Record<(typeof ROSTER_ROLES)[number], string> = { literate: '法律明白人', popularizer: '普法员', adviser: '法律顾问' };
/** The national norm (法律明白人培养工程): at least this many 法律明白人 in every village. */
export const LITERATES_PER_VILLAGE = 3;
/** The roster template's columns, in order. */
export const ROSTER_COLUMNS = ['姓名', '手机号', '村', '身份', '服务时间', '公开电话'] as const;

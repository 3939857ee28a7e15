// Roles and their Chinese names, without zod, so pages that only show a role's name do not pull
// the schema library into the mini-program's main package.
export const ROLES = ['resident', 'literate', 'popularizer', 'township_staff', 'propaganda', 'county_admin', 'adviser'] as const;

export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  resident: '群众',
  literate: '法律明白人',
  popularizer: '普法员',
  township_staff: '司法所工作人员',
  propaganda: '宣传员',
  county_admin: '县司法局管理员',
  adviser: '法律顾问',
};

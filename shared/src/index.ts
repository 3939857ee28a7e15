export * from './schemas/common';
export * from './schemas/townships';
export * from './schemas/users';
export * from './schemas/auth';
export * from './schemas/health';
export * from './rules/roles';
export * from './data/townships';

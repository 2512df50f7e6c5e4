/** The Redis version this engine follows (INFO redis_version, HELLO version). */
export const REDIS_VERSION = '7.0.15';

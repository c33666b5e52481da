/** Kept in step with package.json by a test. */
export const TOOL = { name: 'leakgate', version: '0.1.0' } as const;

/** Kept in step with package.json by a test. */
export const TOOL = { name: 'leakgate', version: '0.1.0' } as const;

/** Where users read about leakgate (SARIF's `informationUri`); the same as package.json's `homepage`. */
export const HOMEPAGE = 'https://github.com/leakgate/leakgate';

/**
 * Everything the review screen draws with, in one module: Ink, React and the
 * screen's components. The build makes it one chunk, with Ink and React in it,
 * which `run.ts` imports once a terminal is open.
 */
export { render } from 'ink';
export { createElement } from 'react';
export { ReviewApp } from './review-app.js';

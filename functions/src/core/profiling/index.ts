/** Dataset intelligence: the streaming profiler, PII detection and masked previews (issue 5). */
export { createProfiler, profileDataset } from './dataset-profiler.ts';
export type { DatasetHints } from './format-detection.ts';
export { maskedPreview } from './masked-preview.ts';

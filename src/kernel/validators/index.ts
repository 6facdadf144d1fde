/** Validators for identity numbers, credit codes, region codes and phones; personal-data masking. */
export type { ValidationFailure } from './result';
export * from './region';
export * from './idcard';
export * from './uscc';
export * from './phone';
export * from './mask';
export * from './upload-sniff';

export * from './calendar';
export { ROUNDING_MODES, RoundingMode } from './decimal';
export * from './dry-run';
export * from './evaluate';
export * from './rule-set';

export * from './canonical';

export * from './canonical';
export * from './node-signer';

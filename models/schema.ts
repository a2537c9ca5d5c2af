export * from './regions';
export * from './households';
export * from './rights';
export * from './certificates';
export * from './accounts';
export * from './audit';
export * from './market';
export * from './oversight';

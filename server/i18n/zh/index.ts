export { common } from './common';
export { errors } from './errors';
export { registry } from './registry';
export { admin } from './admin';
export { api } from './api';
export { imports } from './imports';
export { oversight } from './oversight';

export { common } from './common';
export { errors } from './errors';
export { registry } from './registry';
export { api } from './api';

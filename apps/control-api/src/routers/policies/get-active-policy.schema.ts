export { activePolicyOutput as getActivePolicyOutput } from './bundle-view.schema';

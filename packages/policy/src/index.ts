export { assembleBundle, type Bundle, type BundleManifest } from './bundle';
export { buildBundle, listFiles, type BuildOptions } from './build-bundle';
export { readBundle } from './read-bundle';
export { writeBundle } from './write-bundle';
export { PolicyEvaluator, type Decision } from './policy-evaluator';
export { PolicyError, type PolicyErrorCode } from './policy-error';
export { readTar, writeTar, type TarEntry } from './tar';

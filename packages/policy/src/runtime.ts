/**
 * What a gateway needs at run time: reading bundles and evaluating them.
 * Nothing here loads the compiler (binaryen, AssemblyScript), which takes
 * seconds to import and is only needed to build bundles.
 */
export { assembleBundle, type Bundle, type BundleManifest } from './bundle';
export { readBundle } from './read-bundle';
export { PolicyEvaluator, type Decision } from './policy-evaluator';
export { PolicyError, type PolicyErrorCode } from './policy-error';

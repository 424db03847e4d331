import { router } from '../../trpc/procedures';
import { activatePolicyProcedure } from './activate-policy';
import { buildPolicyProcedure } from './build-policy';
import { getActivePolicyProcedure } from './get-active-policy';
import { getBundleProcedure } from './get-bundle';
import { listBundlesProcedure } from './list-bundles';
import { uploadBundleProcedure } from './upload-bundle';

export const policiesRouter = router({
  build: buildPolicyProcedure,
  upload: uploadBundleProcedure,
  list: listBundlesProcedure,
  get: getBundleProcedure,
  activate: activatePolicyProcedure,
  active: getActivePolicyProcedure,
});

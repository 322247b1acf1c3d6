import Module from 'node:module';

/**
 * Preloaded (`node -r`) into Caliper's manager and, through the execArgv they inherit, its workers.
 *
 * Caliper 0.6's Fabric connector picks its binding by probing which SDKs can be required: it finds
 * `@hyperledger/fabric-gateway` (which selects the peer-gateway connector we want) and also `fabric-network`,
 * which bayrecon lists for its legacy-SDK test, and then stops with "Multiple bindings for fabric have been
 * detected". `caliper bind` would install and uninstall packages behind the lockfile's back, so instead the
 * probe, and only Caliper's own probe, is told that `fabric-network` is not installed.
 */
const HIDDEN_FROM_CALIPER = 'fabric-network';
const CALIPER_PACKAGES = '/node_modules/@hyperledger/caliper-';

type ResolveFilename = (request: string, parent: NodeJS.Module | undefined, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const resolveFilename = loader._resolveFilename;

loader._resolveFilename = function resolveHidingLegacySdk(request, parent, ...rest) {
  const fromCaliper = parent?.filename?.includes(CALIPER_PACKAGES) ?? false;
  if (fromCaliper && (request === HIDDEN_FROM_CALIPER || request.startsWith(`${HIDDEN_FROM_CALIPER}/`))) {
    // The message Caliper's probe (CaliperUtils.moduleIsInstalled) reads as "not installed".
    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

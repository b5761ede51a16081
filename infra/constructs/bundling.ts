/**
 * The esbuild settings every Lambda bundle is built with. The CDK construct
 * (infra/constructs/app-function.ts), the cold-start benchmark (bench/cold.ts) and the bundle-size
 * budget test all read this one object, so what is measured is what is deployed.
 */
export const lambdaBundling = {
  format: 'esm' as 'cjs' | 'esm',
  target: 'node24',
  minify: true,
  sourceMap: true,
  /** Bundle the AWS SDK too, so Lambda runs exactly the versions the tests ran. */
  externalModules: [] as string[],
  /** Module-first: packages' ES builds tree-shake; CommonJS builds do not. */
  mainFields: ['module', 'main'] as string[] | undefined,
  /** Prepended to the bundle (ESM: gives CommonJS dependencies a `require`). */
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" as
    | string
    | undefined,
};

/** The same settings as esbuild JS API options (what NodejsFunction passes to esbuild's CLI). */
export function esbuildOptions() {
  return {
    bundle: true,
    platform: 'node' as const,
    format: lambdaBundling.format,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourceMap,
    external: lambdaBundling.externalModules,
    ...(lambdaBundling.mainFields ? { mainFields: lambdaBundling.mainFields } : {}),
    ...(lambdaBundling.banner ? { banner: { js: lambdaBundling.banner } } : {}),
  };
}

/** The bundle's file name inside the asset: Lambda loads `.mjs` as ESM. */
export const bundleFileName = () => (lambdaBundling.format === 'esm' ? 'index.mjs' : 'index.js');

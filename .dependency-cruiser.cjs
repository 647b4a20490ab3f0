/**
 * Layer rules (STYLE.md): the domain core imports no framework and no adapter, shared/ imports
 * nothing runtime-specific, and import cycles are errors.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-aws-or-hono',
      severity: 'error',
      comment: 'functions/src/core is the domain: no AWS SDK, no Hono.',
      from: { path: '^functions/src/core' },
      to: {
        path: [
          'node_modules/@aws-sdk/',
          'node_modules/hono/',
          'node_modules/@hono/',
          'node_modules/dynalite/',
          'node_modules/@aws-crypto/',
        ],
      },
    },
    {
      name: 'core-imports-no-adapter-or-api',
      severity: 'error',
      from: { path: '^functions/src/core' },
      to: { path: '^functions/src/(adapters|api|local|handlers)' },
    },
    {
      name: 'shared-is-runtime-neutral',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ['^functions/', 'node_modules/(@aws-sdk|hono|@hono|react)/'] },
    },
    {
      name: 'adapters-do-not-import-api',
      severity: 'error',
      from: { path: '^functions/src/adapters' },
      to: { path: '^functions/src/(api|local|handlers)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};

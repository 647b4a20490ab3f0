import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    typecheck: { enabled: false },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
